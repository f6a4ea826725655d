// Git I/O for the `git` check type: find the repository, read files from its working tree,
// count commit authors. git runs through execFile (no shell) with a minimal environment and
// settings that keep a hostile repository's config from running programs.
import { execFile } from 'node:child_process';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';

const GIT_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'log.showSignature=false'];
const MAX_FILE = 1024 * 1024;

export type GitRun = { ok: true; stdout: string } | { ok: false; message: string };

export function runGit(cwd: string, args: string[], timeoutMs: number): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile('git', [...SAFE, ...args], { cwd, env: GIT_ENV, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, stdout });
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      const why = e.killed ? `timed out after ${timeoutMs} ms` : (stderr.trim().split('\n')[0] || e.code || e.message);
      resolve({ ok: false, message: String(why) });
    });
  });
}

/** The repository's top level for `dir` (which may be a subfolder of a monorepo), or why not. */
export async function findRepo(dir: string, timeoutMs: number): Promise<{ ok: true; top: string; dir: string } | { ok: false; message: string }> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return { ok: false, message: `no git repository at ${dir} (folder does not exist)` };
  }
  const r = await runGit(real, ['rev-parse', '--show-toplevel'], timeoutMs);
  if (!r.ok) return { ok: false, message: `no git repository at ${dir}: ${r.message}` };
  return { ok: true, top: r.stdout.trim(), dir: real };
}

export interface FileFacts {
  exists: boolean;
  /** Set when a `contains` or `matches` test was asked for and the file exists. */
  found?: boolean;
  /** The first line that satisfied the test, shortened, for evidence. */
  line?: string;
  truncated?: boolean;
}

/** Reads `rel` under `root` (refusing paths that leave it, symlinks included), at most 1 MiB. */
export async function readRepoFile(root: string, rel: string): Promise<{ text: string; truncated: boolean } | undefined> {
  let real: string;
  try {
    real = await realpath(path.join(root, rel));
  } catch {
    return undefined;
  }
  if (real !== root && !real.startsWith(root + path.sep)) return undefined;
  const fh = await open(real, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    if (!(await fh.stat()).isFile()) return undefined;
    const buf = Buffer.alloc(MAX_FILE + 1);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { text: buf.subarray(0, Math.min(bytesRead, MAX_FILE)).toString('utf8'), truncated: bytesRead > MAX_FILE };
  } finally {
    await fh.close();
  }
}

/** Tests `text` for a substring or a regular expression (multiline); returns the first line that matched. */
export function findInText(text: string, test: { contains?: string; matches?: string }): { found: boolean; line?: string } {
  const at = test.contains !== undefined ? text.indexOf(test.contains) : test.matches !== undefined ? (new RegExp(test.matches, 'm').exec(text)?.index ?? -1) : 0;
  if (at === -1) return { found: false };
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return { found: true, line: text.slice(start, end === -1 ? undefined : end).trim().slice(0, 200) };
}

export interface AuthorCount {
  email: string;
  commits: number;
}

/** Commit counts per author e-mail (lower-cased), non-merge commits touching `dir`, in [since, until]. */
export async function countAuthors(dir: string, since: string, until: string, timeoutMs: number): Promise<{ ok: true; authors: AuthorCount[] } | { ok: false; message: string }> {
  const r = await runGit(dir, ['log', '--no-merges', `--since=${since}`, `--until=${until}`, '--format=%aE', '--', '.'], timeoutMs);
  if (!r.ok) return { ok: false, message: `git log failed in ${dir}: ${r.message}` };
  const counts = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const email = line.trim().toLowerCase();
    if (email) counts.set(email, (counts.get(email) ?? 0) + 1);
  }
  const authors = [...counts].map(([email, commits]) => ({ email, commits }));
  authors.sort((a, b) => b.commits - a.commits || a.email.localeCompare(b.email));
  return { ok: true, authors };
}

/** The fewest authors who together made at least half of the commits (0 when there are none). */
export function busFactor(authors: AuthorCount[]): number {
  const total = authors.reduce((s, a) => s + a.commits, 0);
  let sum = 0;
  for (let i = 0; i < authors.length; i++) {
    sum += authors[i].commits;
    if (sum * 2 >= total) return i + 1;
  }
  return 0;
}
