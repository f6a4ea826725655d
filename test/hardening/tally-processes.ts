// Real `tally` processes for the fault tests (kill -9 of servers and workers): spawned from
// bin/tally.js (the build global-setup.ts made), on a database URL given in the environment,
// with what they print kept for the failure message.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ROOT } from '../../src/server/testing/cli.ts';

export interface TallyProcess {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL: no chance to finish a request, release a lease or flush anything. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r())));

export function spawnTally(args: string[], env: Record<string, string>): TallyProcess {
  let out = '';
  const child = spawn(process.execPath, ['bin/tally.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(t);
    },
  };
}

/** Polls until `ok()` holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `tally serve` on a free port; resolves once /readyz answers 200. */
export async function startServe(config: string, env: Record<string, string>, extra: string[] = []): Promise<TallyProcess & { url: string }> {
  const port = await freePort();
  const p = spawnTally(['serve', '--config', config, '--port', String(port), ...extra], env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`tally serve to be ready at ${url}`, async () => {
      if (p.child.exitCode !== null) throw new Error(`tally serve exited (${p.child.exitCode}):\n${p.output()}`);
      return fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    }, 90_000);
  } catch (err) {
    await p.kill9();
    throw err;
  }
  return { ...p, url };
}
