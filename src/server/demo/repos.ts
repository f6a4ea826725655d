// Small local git repositories for the demo organisation, so the default scorecard's `git`
// checks (README, CODEOWNERS, bus factor) have real history to read. A component's
// `tally.dev/repo-path` is relative to its catalog file's folder and may not contain `..`
// (catalog/annotations.ts), so each repository lives beside the catalog file that names it:
// `<catalog>/systems/<system>/data/repos/<name>`, annotated `data/repos/<name>`. Every `data/`
// folder is git-ignored, and the repositories hold no YAML for the catalog's globs to pick up.
//
// Commit dates are relative to `now` (default: the real clock) because the bus factor
// counts the last 12 months: fixed dates would age out of the window. Each repository is
// built in a scratch folder and renamed into place, so an interrupted run never leaves a
// half-built repository that a later run would skip.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DAY_MS = 86_400_000;

interface Author {
  name: string;
  email: string;
}

interface DemoRepo {
  name: string;
  /** The catalog folder (relative to the demo catalog's root) of the file that defines the component. */
  system: 'systems/payments' | 'systems/platform' | 'systems/storefront';
  team: string;
  readme: boolean;
  codeowners: boolean;
  /** One entry per commit: the author's index and how many days before `now` it was made. */
  commits: { author: number; daysAgo: number }[];
  authors: Author[];
}

const person = (name: string): Author => ({ name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@acme.example` });

/** `n` commits spread over `span` days, cycling through `authors` author indexes. */
function spread(n: number, span: number, authors: number[], offset = 3): { author: number; daysAgo: number }[] {
  return Array.from({ length: n }, (_, i) => ({ author: authors[i % authors.length], daysAgo: offset + Math.round(((n - 1 - i) * span) / Math.max(n - 1, 1)) }));
}

/**
 * The bus factor is the fewest authors who made at least half of the commits, so two authors
 * with equal shares give 1: a bus factor of 2 needs three or more. Here: payments 4 authors (2),
 * ledger, checkout, auth, pricing 3 (2); storefront-bff 2 equal (1), promotions (one author wrote
 * 9 of 10: 1), search-indexer 1 author (1), wishlist (no commit in the last 12 months: fails).
 */
export const DEMO_REPOS: readonly DemoRepo[] = [
  { name: 'payments', system: 'systems/payments', team: 'team-payments', readme: true, codeowners: true, authors: ['Priya Raman', 'Tomas Lindqvist', 'Grace Okonkwo', 'Kenji Watanabe'].map(person), commits: spread(16, 300, [0, 1, 2, 3]) },
  { name: 'ledger', system: 'systems/payments', team: 'team-payments', readme: true, codeowners: true, authors: ['Sofia Marquez', 'Daniel Brennan', 'Priya Raman'].map(person), commits: spread(12, 250, [0, 1, 2]) },
  { name: 'checkout', system: 'systems/storefront', team: 'team-checkout', readme: true, codeowners: true, authors: ['Liam OConnor', 'Fatima Zahra', 'Marco Rossi'].map(person), commits: spread(12, 200, [0, 1, 2]) },
  { name: 'auth', system: 'systems/platform', team: 'team-identity', readme: true, codeowners: true, authors: ['Yusuf Demir', 'Olivia Brown', 'Arjun Mehta'].map(person), commits: spread(10, 280, [0, 1, 2]) },
  { name: 'pricing', system: 'systems/storefront', team: 'team-catalog', readme: true, codeowners: true, authors: ['Noah Kim', 'Lucia Gomez', 'Erik Johansson'].map(person), commits: spread(9, 200, [0, 1, 2]) },
  { name: 'promotions', system: 'systems/storefront', team: 'team-catalog', readme: true, codeowners: false, authors: ['Lucia Gomez', 'Noah Kim'].map(person), commits: spread(10, 220, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) },
  { name: 'storefront-bff', system: 'systems/storefront', team: 'team-web', readme: true, codeowners: false, authors: ['Emma Dubois', 'Zoe Taylor'].map(person), commits: spread(8, 150, [0, 1]) },
  { name: 'search-indexer', system: 'systems/storefront', team: 'team-catalog', readme: false, codeowners: false, authors: [person('Erik Johansson')], commits: spread(6, 300, [0]) },
  { name: 'wishlist', system: 'systems/storefront', team: 'team-web', readme: false, codeowners: false, authors: [person('Zoe Taylor')], commits: spread(5, 200, [0], 430) },
];

/** Where a demo repository lives, given the demo catalog's root folder (that of all.yaml). */
export const demoRepoDir = (catalogDir: string, repo: Pick<DemoRepo, 'name' | 'system'>): string => path.join(catalogDir, repo.system, 'data', 'repos', repo.name);

/**
 * Creates the demo repositories inside `catalogDir` (the folder of examples/acme/catalog/all.yaml),
 * skipping those that exist. Needs the `git` program. Call it before grading the demo catalog,
 * online or offline.
 */
export async function ensureDemoRepos(catalogDir: string, opts: { now?: Date; git?: string } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  for (const repo of DEMO_REPOS) {
    const target = demoRepoDir(catalogDir, repo);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true });
    if (existsSync(path.join(target, '.git'))) continue;
    const scratch = path.join(dir, `.${repo.name}.building-${process.pid}`);
    await rm(scratch, { recursive: true, force: true });
    await buildRepo(scratch, repo, now, opts.git ?? 'git');
    await rm(target, { recursive: true, force: true }); // a folder without .git is a leftover
    await rename(scratch, target);
  }
}

async function buildRepo(dir: string, repo: DemoRepo, now: Date, gitBin: string): Promise<void> {
  await mkdir(path.join(dir, 'src'), { recursive: true });
  const git = (args: string[], env: Record<string, string> = {}) =>
    run(gitBin, ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: dir,
      // A minimal environment: nothing of the user's git config or Tally's own settings.
      env: { PATH: '/usr/bin:/bin:/usr/local/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LANG: 'C', ...env },
    });
  await git(['init', '-q', '-b', 'main']);
  const extras = initialFiles(repo);
  for (const [i, c] of repo.commits.entries()) {
    const author = repo.authors[c.author];
    const date = new Date(now.getTime() - c.daysAgo * DAY_MS).toISOString();
    if (i === 0) for (const [file, text] of extras) await writeFile(path.join(dir, file), text);
    await writeFile(path.join(dir, 'src', `change-${String(i).padStart(2, '0')}.txt`), `${repo.name}: change ${i} by ${author.name}\n`);
    await git(['add', '-A']);
    const who = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email };
    await git(['commit', '-q', '-m', i === 0 ? `Start ${repo.name}` : `${repo.name}: change ${i}`], { ...who, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  }
}

function initialFiles(repo: DemoRepo): [string, string][] {
  const files: [string, string][] = [];
  if (repo.readme) files.push(['README.md', `# ${repo.name}\n\nOwned by ${repo.team}. Build with \`make\`, run locally with \`make dev\`.\n`]);
  if (repo.codeowners) files.push(['CODEOWNERS', `# Every change is reviewed by the owning team.\n* @acme/${repo.team}\n`]);
  return files;
}
