// The git questions blame asks, each one `git` process (no shell, a minimal environment, a
// timeout: runGit from the checks module): which commit a release names, the files at a commit,
// who last changed given lines (`git blame --porcelain`), which commits added or removed a name
// (`git log -S`, the pickaxe), and which commits of a range touched given files. Revisions come
// from releases and the change database, so each is checked to be a plain name before git sees it.
import { runGit } from '../../checks/index.ts';

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  date: string;
  message: string;
}

export interface GitAsk {
  top: string;
  timeoutMs: number;
}

const REV = /^[A-Za-z0-9][A-Za-z0-9._@/+-]{0,199}$/;
const SEP = '\x1f';
const FORMAT = ['%H', '%an', '%ae', '%aI', '%s'].join('%x1f');

async function git(g: GitAsk, args: string[]): Promise<string | undefined> {
  const r = await runGit(g.top, args, g.timeoutMs);
  return r.ok ? r.stdout : undefined;
}

/** The commit `rev` names (a sha, a tag, a branch), or undefined; never an option. */
export async function resolveCommit(g: GitAsk, rev: string): Promise<string | undefined> {
  if (!REV.test(rev) || rev.includes('..')) return undefined;
  const out = await git(g, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  return out?.trim() || undefined;
}

/** What a release string may name in git: itself, the part after `name@`, `v`+version, a sha in it. */
export function releaseRevisions(release: string): string[] {
  const out = [release];
  const at = release.lastIndexOf('@');
  if (at >= 0) out.push(release.slice(at + 1));
  for (const r of [...out]) if (/^\d/.test(r)) out.push(`v${r}`);
  const hex = /(?:^|[^0-9a-f])([0-9a-f]{7,40})(?![0-9a-f])/i.exec(release);
  if (hex) out.push(hex[1]!);
  return [...new Set(out)];
}

export async function trackedFiles(g: GitAsk, commit: string): Promise<string[]> {
  const out = await git(g, ['ls-tree', '-r', '--name-only', '-z', commit]);
  return out ? out.split('\0').filter(Boolean) : [];
}

/** For each asked line of `file` at `commit`: the commit that last changed it, with its facts. */
export async function blameLines(g: GitAsk, commit: string, file: string, lines: readonly number[]): Promise<Map<number, CommitInfo>> {
  const out = new Map<number, CommitInfo>();
  if (lines.length === 0) return out;
  const args = ['blame', '--porcelain', ...lines.flatMap((n) => ['-L', `${n},${n}`]), commit, '--', file];
  const text = await git(g, args);
  if (!text) return out;
  const known = new Map<string, CommitInfo>();
  let current: CommitInfo | undefined;
  let finalLine = 0;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]{40}) \d+ (\d+)/.exec(line);
    if (head) {
      const sha = head[1]!;
      finalLine = Number(head[2]);
      current = known.get(sha) ?? { sha, author: '', email: '', date: '', message: '' };
      known.set(sha, current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('author ')) current.author = line.slice(7);
    else if (line.startsWith('author-mail ')) current.email = line.slice(12).replace(/^<|>$/g, '');
    else if (line.startsWith('author-time ')) current.date = new Date(Number(line.slice(12)) * 1000).toISOString();
    else if (line.startsWith('summary ')) current.message = line.slice(8);
    else if (line.startsWith('\t')) out.set(finalLine, current);
  }
  return out;
}

function parseLog(text: string): Array<CommitInfo & { files: string[] }> {
  const out: Array<CommitInfo & { files: string[] }> = [];
  for (const line of text.split('\n')) {
    if (line.includes(SEP)) {
      const [sha = '', author = '', email = '', date = '', message = ''] = line.split(SEP);
      out.push({ sha, author, email, date: new Date(date).toISOString(), message, files: [] });
    } else if (line.trim() && out.length > 0) out[out.length - 1]!.files.push(line.trim());
  }
  return out;
}

/** Commits of `range` (`a..b`, or `b` and its last `max` commits) that touched any of `files`. */
export async function commitsTouching(g: GitAsk, range: string[], files: readonly string[], max = 200): Promise<Array<CommitInfo & { files: string[] }>> {
  if (files.length === 0) return [];
  const text = await git(g, ['log', `--max-count=${max}`, `--format=${FORMAT}`, '--name-only', '--no-renames', ...range, '--', ...files]);
  return text ? parseLog(text) : [];
}

/** Commits of `range` whose diff adds or removes `name` (`git log -S`), in `files` when given. */
export async function pickaxe(g: GitAsk, range: string[], name: string, files: readonly string[], max = 50): Promise<Array<CommitInfo & { files: string[] }>> {
  const text = await git(g, ['log', `--max-count=${max}`, `--format=${FORMAT}`, `-S${name}`, ...range, '--', ...files]);
  return text ? parseLog(text) : [];
}

/** The commits in `range` (for tying commits to the change that shipped them). */
export async function commitsIn(g: GitAsk, range: string[], max = 2000): Promise<Set<string>> {
  const text = await git(g, ['rev-list', `--max-count=${max}`, ...range]);
  return new Set((text ?? '').split('\n').filter(Boolean));
}
