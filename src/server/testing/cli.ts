// Running `tally`: in this process through run(argv, io) (most CLI tests: fast, and a server is
// the real app answering through inject), or as a child process, as a user or a pipeline would
// (the one subprocess test per command, in test/system/).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { run } from '../main.ts';
import { bufferIo } from '../platform/cli/io.ts';
import type { App } from '../platform/http/app.ts';
import { injectFetch } from './app.ts';
import { testHost } from './host.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const DEMO = resolve(ROOT, 'examples/acme');
export const DEMO_CONFIG = resolve(ROOT, 'examples/acme/tally.yaml');
export const DEMO_CATALOG = resolve(ROOT, 'examples/acme/catalog/all.yaml');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `tally ARGS` in this process. The environment is only `env` (nothing of the test process's);
 * with `app`, every server request is answered by that in-process app, whatever --server says.
 */
export async function runTally(args: string[], opts: { env?: Record<string, string>; app?: App } = {}): Promise<CliResult> {
  const io = bufferIo({ ...opts.env });
  if (opts.app) io.fetch = injectFetch(opts.app);
  const code = await run(args, io, testHost);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** `tally ARGS` as a child process (bin/tally.js: the build in dist/ when it is fresh). */
export function tally(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(ROOT, 'bin/tally.js'), ...args],
      { cwd: opts.cwd ?? ROOT, env: { ...process.env, TALLY_SERVER: '', TALLY_TOKEN: '', ...opts.env }, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 20 * 1024 * 1024 },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
