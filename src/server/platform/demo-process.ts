// A helper program the demo runs beside Tally (Debian's prometheus, prometheus-alertmanager): at
// the lowest CPU priority, so it never slows the demo it decorates (its status pages are graded
// against a latency budget), stopped with Tally — already when Tally is asked to stop, since a
// stop that ends in SIGKILL runs no exit handler — and its working folder removed.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import type { Logger } from 'pino';

export function startDemoProcess(log: Logger, bin: string, args: string[], dir: string, what: string): void {
  const child = spawn(bin, args, { stdio: 'ignore' });
  child.on('error', (err) => log.warn({ err: err.message }, `the demo ${what} did not start`));
  child.on('spawn', () => {
    try {
      setPriority(child.pid!, constants.priority.PRIORITY_LOW);
    } catch {
      // not allowed here: it runs at normal priority
    }
  });
  child.unref();
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
