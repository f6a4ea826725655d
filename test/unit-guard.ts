// Setup of the unit project (vitest.config.ts): unit tests start no subprocess and no server.
// Whatever does is a system test (named *.system.test.ts), so `vitest --project unit` stays fast
// and never depends on ports, binaries or a browser. Outgoing connections (PostgreSQL) are fine.
import childProcess, { ChildProcess } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const refuse = (what: string) => (): never => {
  throw new Error(`a unit test ${what}: name the file *.system.test.ts (the system project, vitest.config.ts)`);
};

const guarded = Symbol.for('tally.unitGuard');
if (!(globalThis as Record<symbol, unknown>)[guarded]) {
  (globalThis as Record<symbol, unknown>)[guarded] = true;
  // Every asynchronous child process (spawn, exec, execFile, fork) goes through ChildProcess#spawn.
  (ChildProcess.prototype as unknown as { spawn: unknown }).spawn = refuse('started a subprocess');
  for (const name of ['spawnSync', 'execSync', 'execFileSync'] as const) (childProcess as unknown as Record<string, unknown>)[name] = refuse('started a subprocess');
  net.Server.prototype.listen = refuse('started a server (listen)');
  syncBuiltinESMExports();
}
