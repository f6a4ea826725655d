// Test helpers of the demo (not a test file itself): a real `tally serve` of examples/acme in a
// child process, on a fresh SQLite file, started either with `--port` or with the port written
// in a tally.yaml (a copy of the demo's, its folders linked), as a user would start it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const ACME = join(ROOT, 'examples/acme');

export { freePort } from '../testing/program.ts';

export interface DemoServer {
  url: string;
  /** Its SQLite file, e.g. to create a token in it. */
  database: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** The HTTP status of /readyz each time it was polled before it answered 200. */
  readyzBefore: number[];
  stop(): Promise<void>;
}

/** A copy of examples/acme/tally.yaml with `server.port: port`, beside links to the demo's folders. */
export function demoConfigOnPort(port: number): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tally-demo-config-'));
  for (const folder of ['catalog', 'scorecards', 'facts', 'policies', 'changes']) symlinkSync(join(ACME, folder), join(dir, folder));
  const text = readFileSync(join(ACME, 'tally.yaml'), 'utf8').replace(/^ {2}port: 7070\b/m, `  port: ${port}`);
  if (!text.includes(`port: ${port}`)) throw new Error('examples/acme/tally.yaml no longer sets server.port: 7070');
  writeFileSync(join(dir, 'tally.yaml'), text);
  return { file: join(dir, 'tally.yaml'), dir };
}

/**
 * Starts `tally serve --config <config> [...args]` on a fresh SQLite file and resolves once
 * /readyz answers 200 at `url` (polled every 100 ms), or with `until: 'printed'` as soon as the
 * start-up line "Tally is running" is printed.
 */
export async function startDemo(opts: { url: string; config?: string; args?: string[]; timeoutMs?: number; until?: 'ready' | 'printed' }): Promise<DemoServer> {
  const dbDir = mkdtempSync(join(tmpdir(), 'tally-demo-db-'));
  const database = join(dbDir, 'tally.db');
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/tally.js', 'serve', '--config', opts.config ?? join(ACME, 'tally.yaml'), ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, TALLY_DATABASE_URL: database, TALLY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dbDir, { recursive: true, force: true });
  };
  const readyzBefore: number[] = [];
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  while (Date.now() < deadline && child.exitCode === null) {
    if (opts.until === 'printed') {
      if (out.includes('Tally is running')) return { url: opts.url, database, output: () => out, readyzBefore, stop };
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const status = await fetch(`${opts.url}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return { url: opts.url, database, output: () => out, readyzBefore, stop };
    if (status !== 0) readyzBefore.push(status);
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the demo did not become ready at ${opts.url}:\n${out}`);
}

/**
 * A fetch that answers from `app` in process (app.inject): the demo's own status pages and
 * receivers, without sockets, so a busy test machine cannot make a page answer late. The
 * pages' own delays (search's 1.5 s) are real.
 */
export function injectFetch(app: { inject(opts: { method: string; url: string; headers: Record<string, string>; payload?: string }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }> }): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const res = await app.inject({ method: init?.method ?? 'GET', url: url.pathname + url.search, headers, payload: typeof init?.body === 'string' ? init.body : undefined });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, String(v));
    return new Response(res.body, { status: res.statusCode, headers: out });
  }) as typeof fetch;
}

/** The demo's git repositories, for tests of other domains that read them (errors' blame). */
export { DEMO_REPOS, demoRepoDir, ensureDemoRepos } from './repos.ts';
