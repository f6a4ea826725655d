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
//
// The checkout service's repository holds real code (checkout-code.ts): the files and lines the
// demo's errors point at, with a history and release tags, so blaming a demo error finds the
// commit that caused it. A repository made before it had its story is made again.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { COUPONS_GO, COUPONS_PERCENT_GO, HANDLER_GO, PAYMENTS_CLIENT_GO, PAYMENTS_RETRY_GO, PRICING_GO, TAX_CLIENT_GO } from './checkout-code.ts';

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
  /** Commits that tell a story (by index into `commits`): their files, subject, tags and, when given, their age. */
  story?: Readonly<Record<number, StoryCommit>>;
}

interface StoryCommit {
  message?: string;
  /** Path in the repository → content; written instead of the commit's placeholder file. */
  files?: Readonly<Record<string, string>>;
  /** Lightweight tags on the commit: the release names and versions the demo's changes and errors use. */
  tags?: readonly string[];
  daysAgo?: number;
}

/**
 * Checkout's code and releases. 2026.11.3 (deployed as 8b03d17, after 5f2c0e1) is two commits
 * before the end; 2026.11.4 (c41e9a2, the demo's deploy of 38 minutes ago) brought percent-off
 * coupons (the line the demo's coupon error is thrown on) and the payments client's retry budget.
 */
const CHECKOUT_STORY: Record<number, StoryCommit> = {
  0: { files: { 'internal/checkout/handler.go': HANDLER_GO, 'internal/checkout/pricing.go': PRICING_GO, 'internal/checkout/coupons.go': COUPONS_GO, 'internal/payments/client.go': PAYMENTS_CLIENT_GO } },
  4: { message: "Tax: ask the tax service for each region's rate", files: { 'internal/tax/client.go': TAX_CLIENT_GO } },
  7: { tags: ['5f2c0e1'] },
  9: { tags: ['v2026.11.3', '8b03d17'] },
  10: { message: 'Coupons: percent-off coupons for the winter campaign', files: { 'internal/checkout/coupons.go': COUPONS_PERCENT_GO }, daysAgo: 0.4 },
  11: { message: "Payments client: a retry budget for the provider's 5xx answers", files: { 'internal/payments/client.go': PAYMENTS_RETRY_GO }, tags: ['v2026.11.4', 'c41e9a2'], daysAgo: 0.13 },
};

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
  { name: 'checkout', system: 'systems/storefront', team: 'team-checkout', readme: true, codeowners: true, authors: ['Liam OConnor', 'Fatima Zahra', 'Marco Rossi'].map(person), commits: spread(12, 200, [0, 1, 2]), story: CHECKOUT_STORY },
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
    if (existsSync(path.join(target, '.git')) && storyFiles(repo).every((f) => existsSync(path.join(target, f)))) continue;
    const scratch = path.join(dir, `.${repo.name}.building-${process.pid}`);
    await rm(scratch, { recursive: true, force: true });
    await buildRepo(scratch, repo, now, opts.git ?? 'git');
    await rm(target, { recursive: true, force: true }); // a leftover, or a repository made before its story
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
    const story = repo.story?.[i];
    const date = new Date(now.getTime() - (story?.daysAgo ?? c.daysAgo) * DAY_MS).toISOString();
    if (i === 0) for (const [file, text] of extras) await writeFile(path.join(dir, file), text);
    if (story?.files) {
      for (const [file, text] of Object.entries(story.files)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
    } else await writeFile(path.join(dir, 'src', `change-${String(i).padStart(2, '0')}.txt`), `${repo.name}: change ${i} by ${author.name}\n`);
    await git(['add', '-A']);
    const who = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email };
    const message = story?.message ?? (i === 0 ? `Start ${repo.name}` : `${repo.name}: change ${i}`);
    await git(['commit', '-q', '-m', message], { ...who, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    for (const tag of story?.tags ?? []) await git(['tag', tag]);
  }
}

/** The files a repository's story writes: a repository without them was made before its story. */
const storyFiles = (repo: DemoRepo): string[] => Object.values(repo.story ?? {}).flatMap((c) => Object.keys(c.files ?? {}));

function initialFiles(repo: DemoRepo): [string, string][] {
  const files: [string, string][] = [];
  if (repo.readme) files.push(['README.md', `# ${repo.name}\n\nOwned by ${repo.team}. Build with \`make\`, run locally with \`make dev\`.\n`]);
  if (repo.codeowners) files.push(['CODEOWNERS', `# Every change is reviewed by the owning team.\n* @acme/${repo.team}\n`]);
  return files;
}
