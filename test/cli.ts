// Runs the real `tally` command in a child process, as a user or a pipeline would.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const DEMO_CONFIG = resolve(ROOT, 'examples/acme/tally.yaml');
export const DEMO_CATALOG = resolve(ROOT, 'examples/acme/catalog/all.yaml');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

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
