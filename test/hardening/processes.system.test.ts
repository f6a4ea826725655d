// Many processes, each job once (issue 19, item 2, in part): 3 real `tally worker` and 2 real
// `tally serve` processes on one PostgreSQL run the catalog refresh (every 2 s) — exactly once
// per interval, never twice: consecutive runs are at least an interval apart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDb, type TestDb } from '../db.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const INTERVAL_MS = 2000;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

describe.runIf(ENGINES.includes('postgres'))('3 workers and 2 servers on one PostgreSQL [postgres]', () => {
  const children: ChildProcess[] = [];
  let db: TestDb | undefined;
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await db?.drop();
  });

  it('run each scheduled job once per interval', async () => {
    db = await openTestDb('postgres');
    const dir = mkdtempSync(join(tmpdir(), 'tally-processes-'));
    writeFileSync(join(dir, 'catalog.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: team-a }\nspec: { type: team, children: [] }\n');
    const config = join(dir, 'tally.yaml');
    writeFileSync(config, `logging: { level: warn }\ncatalog: { sources: [./catalog.yaml], refreshInterval: ${INTERVAL_MS / 1000}s }\n`);
    const env = { ...process.env, TALLY_DATABASE_URL: db.url };
    for (let i = 0; i < 3; i++) children.push(spawn(process.execPath, ['bin/tally.js', 'worker', '--config', config], { cwd: ROOT, env, stdio: 'ignore' }));
    for (let i = 0; i < 2; i++) children.push(spawn(process.execPath, ['bin/tally.js', 'serve', '--config', config, '--port', String(await freePort())], { cwd: ROOT, env, stdio: 'ignore' }));

    // Watch the refresh's record: each run stamps its finish time.
    const runs = new Set<string>();
    const seenBy = async () => (await db!.db.selectFrom('catalog_imports').select('finished_at').where('source', '=', './catalog.yaml').executeTakeFirst())?.finished_at;
    const deadline = Date.now() + 60_000;
    let firstAt = 0;
    while (Date.now() < deadline) {
      const at = await seenBy();
      if (at) {
        runs.add(at);
        firstAt ||= Date.now();
        if (Date.now() - firstAt > 5 * INTERVAL_MS + 500) break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const c of children) expect(c.exitCode, 'a process died').toBeNull();
    const times = [...runs].map((t) => Date.parse(t)).sort((a, b) => a - b);
    expect(times.length, 'runs seen').toBeGreaterThanOrEqual(3);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // Five processes each due every 2 s: without the lease, runs would be a fraction of that apart.
    for (const gap of gaps) expect(gap, `gaps between runs: ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(INTERVAL_MS - 100);
  }, 120_000);
});
