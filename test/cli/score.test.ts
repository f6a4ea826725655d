// `tally score` as a pipeline runs it: offline on files (JSON shape, --min-grade, --compare-to)
// and against a real `tally serve` process on a temporary SQLite database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, FACTS, scorecardYaml } from '../../src/server/scorecards/testing.ts';
import { ROOT, tally } from '../cli.ts';

function files(ownerWeight?: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-score-'));
  writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
  writeFileSync(join(dir, 'scorecards.yaml'), scorecardYaml({ ownerWeight }));
  writeFileSync(join(dir, 'facts.yaml'), FACTS.replace(/2026-\d\d-\d\dT03/g, new Date().toISOString().slice(0, 10) + 'T00'));
  return dir;
}

describe('tally score --offline', () => {
  it('prints the documented JSON shape with no server and no database', async () => {
    const r = await tally(['score', '--offline', files(), '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['results']);
    expect(out.results.map((x: { entity: string }) => x.entity)).toEqual(['component:default/checkout', 'component:default/cart']);
    for (const x of out.results) {
      expect(Object.keys(x)).toEqual(['scorecard', 'entity', 'score', 'grade', 'requirements']);
      expect(typeof x.score).toBe('number');
      // `offline: true` marks what could not be evaluated without the server (and is absent otherwise).
      for (const q of x.requirements) expect(['id', 'status', 'message', 'offline']).toEqual(expect.arrayContaining(Object.keys(q)));
    }
    const checkout = Object.fromEntries(out.results[0].requirements.map((q: { id: string; status: string }) => [q.id, q.status]));
    // network and manual checks are n/a offline
    expect(checkout).toMatchObject({ owner: 'pass', status: 'n/a', drill: 'n/a', backup: 'pass', broken: 'error', runbook: 'fail' });
  });

  it('exits 1 with --min-grade when an entity is below it, 0 otherwise', async () => {
    const dir = files();
    const strict = await tally(['score', '--offline', dir, '--min-grade', 'A']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/below A/);
    expect((await tally(['score', '--offline', dir, '--min-grade', 'F'])).code).toBe(0);
    // a usage error exits 2: a pipeline must not read it as "below the bar"
    expect((await tally(['score', '--offline', dir, '--min-grade', 'Z'])).code).toBe(2);
  });

  it('says how a change would move the grades', async () => {
    const base = files();
    const head = files(60);
    const r = await tally(['score', '--offline', head, '--compare-to', base]);
    expect(r.stdout).toMatch(/checkout \(prod\): C → A \(77.42 → 91.36\)/);
  });

  it('names the file, document and field of a bad scorecard', async () => {
    const dir = files();
    writeFileSync(join(dir, 'scorecards.yaml'), scorecardYaml().replace("expr: 'false'", "expr: 'false &&'"));
    const r = await tally(['score', '--offline', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scorecards\.yaml:\d+:\d+: spec\.requirements\[5\]\.check\.expr: CEL syntax error/);
  });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('tally score against a running server', () => {
  let server: ChildProcess;
  let url: string;
  let env: Record<string, string>;
  let config: string;

  beforeAll(async () => {
    const dir = files();
    config = join(dir, 'tally.yaml');
    writeFileSync(config, 'catalog:\n  sources: [./catalog.yaml, ./scorecards.yaml, ./facts.yaml]\nlogging: { level: warn }\n');
    env = { TALLY_DATABASE_URL: join(dir, 'tally.db') };
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [resolve(ROOT, 'bin/tally.js'), 'serve', '--config', config, '--port', String(port)], { env: { ...process.env, ...env }, stdio: 'ignore' });
    for (let i = 0; i < 150; i++) {
      const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = (await tally(['token', 'create', '--name', 'ci', '--role', 'editor', '--config', config], { env })).stdout.trim();
    await fetch(`${url}/api/v1/catalog/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const res = await fetch(`${url}/api/v1/evaluations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
  }, 60_000);
  afterAll(() => {
    if (server?.pid) process.kill(server.pid);
  });

  it('prints the server’s grades as JSON and gates with --min-grade', async () => {
    const r = await tally(['score', '--server', url, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results.map((x: { entity: string }) => x.entity).sort()).toEqual(['component:default/cart', 'component:default/checkout']);
    expect(out.results[0].requirements.length).toBe(8);
    const one = await tally(['score', 'checkout', '--scorecard', 'prod', '--server', url, '--min-grade', 'A+']);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/prod\s+checkout/);
  });
});
