// Job leases between real processes (platform/jobs/leases.ts): two processes run the real
// scheduler against one database and race for one job. Only one runs it while it lives (its
// heartbeat renews the lease); once it is killed with SIGKILL — no chance to release anything —
// the other takes the job within one lease. Both engines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_MS } from '../../src/server/platform/jobs/leases.ts';
import { ROOT } from '../../src/server/testing/cli.ts';
import { ENGINES, openTestDb } from '../../src/server/testing/db.ts';

/** The racer, compiled once (inside the repository, so its packages resolve): it starts in ~0.3 s, not tsx's seconds. */
const RACER = join(ROOT, 'test-artifacts/lease-racer.mjs');

interface Racer { child: ChildProcess; lines: string[] }
function racer(url: string, job: string, leaseMs?: number): Racer {
  const child = spawn(process.execPath, [RACER, url, job, ...(leaseMs ? [String(leaseMs)] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const r: Racer = { child, lines: [] };
  child.stdout!.on('data', (d: Buffer) => r.lines.push(...d.toString().split('\n').filter(Boolean)));
  return r;
}
const running = (rs: Racer[]) => rs.flatMap((r) => r.lines.filter((l) => l.startsWith('running')).map(() => r));

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

/** Two racers on a fresh database; the test gets them and cleans up after. */
async function race(engine: (typeof ENGINES)[number], leaseMs: number | undefined, body: (a: Racer, b: Racer) => Promise<void>): Promise<void> {
  const db = await openTestDb(engine);
  const pair = [racer(db.url, 'race', leaseMs), racer(db.url, 'race', leaseMs)];
  try {
    await body(pair[0], pair[1]);
  } finally {
    for (const r of pair) r.child.kill('SIGKILL');
    await db.drop();
  }
}

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  await build({ entryPoints: [join(ROOT, 'test/system/lease-racer.ts')], outfile: RACER, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
});

describe.concurrent('two processes racing for one job lease', () => {
  for (const engine of ENGINES) {
    it(`only one runs it while it lives, though its lease is renewed many times over [${engine}]`, async () => {
      const leaseMs = 1500;
      await race(engine, leaseMs, async (a, b) => {
        await until('a racer to win the lease', () => running([a, b]).length > 0, 20_000);
        // Four leases long, both ticking every 100 ms: the loser never gets it while the winner beats.
        await new Promise((r) => setTimeout(r, 4 * leaseMs));
        expect(running([a, b])).toHaveLength(1);
        const [winner] = running([a, b]);
        const loser = winner === a ? b : a;
        winner.child.kill('SIGKILL');
        const tookMs = await until('the other racer to take the job', () => running([loser]).length === 1, 3 * leaseMs + 5000);
        // Freed at most one lease after its last renewal, then claimed at the next tick (with room for a loaded machine).
        expect(tookMs).toBeLessThan(leaseMs + 1500);
      });
    }, 60_000);

    it(`a SIGKILLed holder's job moves to the other process within one default lease (${DEFAULT_LEASE_MS / 1000} s) [${engine}]`, async () => {
      expect(DEFAULT_LEASE_MS).toBe(30_000);
      await race(engine, undefined, async (a, b) => {
        await until('a racer to win the lease', () => running([a, b]).length > 0, 20_000);
        const [winner] = running([a, b]);
        const loser = winner === a ? b : a;
        winner.child.kill('SIGKILL');
        const tookMs = await until('the other racer to take the job', () => running([loser]).length === 1, DEFAULT_LEASE_MS + 10_000);
        // The lease was renewed at most 10 s ago (a third of it), so it frees 20-30 s after the kill.
        expect(tookMs).toBeGreaterThan(DEFAULT_LEASE_MS / 2);
        expect(tookMs).toBeLessThan(DEFAULT_LEASE_MS + 2000);
        expect(running([winner, loser])).toHaveLength(2);
      });
    }, 90_000);
  }
});
