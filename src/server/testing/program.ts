// Real programs on loopback for system tests (Prometheus, Alertmanager): a free port to give them,
// and one way to start one over a folder of its own, wait until it says it is ready, and stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ReadyProgram {
  child: ChildProcess;
  /** SIGTERM, SIGKILL after 5 s; then removes the program's folder. */
  stop(): Promise<void>;
}

/**
 * Spawns `bin args` and polls `readyUrl` every 100 ms until it answers 2xx. When the program exits
 * or is not ready within 30 s, it is killed, `dir` removed, and the error carries the end of its
 * stderr ("NAME did not become ready").
 */
export async function startReadyProgram(name: string, bin: string, args: string[], opts: { readyUrl: string; dir: string }): Promise<ReadyProgram> {
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c) => (log = (log + String(c)).slice(-4000)));
  const deadline = Date.now() + 30_000;
  while (!(await fetch(opts.readyUrl).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(opts.dir, { recursive: true, force: true });
      throw new Error(`${name} did not become ready:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(opts.dir, { recursive: true, force: true });
    },
  };
}
