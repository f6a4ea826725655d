// kill -9 of `tally serve` (a real process) while clients stream writes (issue 19, item 3): every
// write the server acknowledged is in the database afterwards, on SQLite and PostgreSQL, and the
// database opens cleanly — a new server on it is ready and reads every record.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/server/platform/auth/tokens.ts';
import { describeEachEngine } from '../db.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function serve(config: string, url: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/tally.js', 'serve', '--config', config, '--port', String(port)], { cwd: ROOT, env: { ...process.env, TALLY_DATABASE_URL: url }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return { child, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('tally serve did not get ready');
}

describeEachEngine('kill -9 while clients write', ({ db }) => {
  let config: string;
  let token: string;
  let second: ChildProcess | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-kill9-'));
    config = join(dir, 'tally.yaml');
    writeFileSync(config, 'logging: { level: warn }\nserver: { rateLimit: { enabled: false } }\n');
    token = (await createToken(db().db, { name: 'writer', role: 'editor' }, new Date())).token;
  });
  afterAll(() => void second?.kill('SIGKILL'));

  it('loses no acknowledged change or entity, and the database opens cleanly', async () => {
    const { child, base } = await serve(config, db().url);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const entity = (name: string) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name }, spec: { type: 'service', lifecycle: 'production', owner: 'team-a' } });
    const first = await fetch(`${base}/api/v1/entities`, { method: 'PUT', headers, body: JSON.stringify(entity('svc')) });
    expect(first.status, await first.text()).toBeLessThan(300);

    const acked = { changes: [] as string[], entities: [] as string[] };
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `w${w}-${i}`;
        try {
          if (i % 4 === 3) {
            const r = await fetch(`${base}/api/v1/entities`, { method: 'PUT', headers, body: JSON.stringify(entity(`e-${name}`)) });
            if (r.status < 300) acked.entities.push(`e-${name}`);
          } else {
            const r = await fetch(`${base}/api/v1/changes`, { method: 'POST', headers, body: JSON.stringify({ entities: ['svc'], kind: 'deploy', summary: `deploy ${name}`, startedAt: new Date().toISOString() }) });
            if (r.status === 201 || r.status === 200) acked.changes.push(`deploy ${name}`);
            else if (r.status >= 400) throw new Error(`${r.status} ${await r.text()}`);
          }
        } catch (err) {
          if (!/fetch failed|ECONNRESET|ECONNREFUSED|socket/i.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message))) throw err;
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await new Promise((r) => setTimeout(r, 3000));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(writers);
    expect(acked.changes.length).toBeGreaterThan(5);

    // A new server on the same database: ready, and every acknowledged record is there.
    const next = await serve(config, db().url);
    second = next.child;
    const stored = new Set((await db().db.selectFrom('changes').select('summary').execute()).map((r) => r.summary));
    const lostChanges = acked.changes.filter((s) => !stored.has(s));
    const names = new Set((await db().db.selectFrom('entities').select('name').execute()).map((r) => r.name));
    const lostEntities = acked.entities.filter((n) => !names.has(n));
    expect({ lostChanges, lostEntities }).toEqual({ lostChanges: [], lostEntities: [] });
    const listed = await fetch(`${next.base}/api/v1/changes?limit=1`, { headers });
    expect(listed.status).toBe(200);
    second.kill('SIGKILL');
    second = undefined;
  }, 180_000);
});
