// Hostile HTTP input over a real socket (issue 19, item 7): bodies of 10 MB and 100 MB answer
// 413 (the client reads the answer; no reset), a UTF-16 body is refused, deep JSON nesting is a
// 400, and every page and API answer carries the security headers.
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testConfig, testDeps } from '../../src/server/testing/app.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';
import type { App } from '../../src/server/platform/http/app.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends `size` bytes (in 64 KB chunks, as a client streaming an upload would) and reads the answer. */
function send(base: string, path: string, headers: Record<string, string>, size: number, chunk = Buffer.alloc(64 * 1024, 'a')): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-length': String(size) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describeEachEngine('hostile HTTP input', ({ db }) => {
  let app: App;
  let base: string;
  let editor: Record<string, string>;

  beforeAll(async () => {
    const deps = testDeps(db(), testConfig());
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => app?.close());

  for (const mb of [10, 100]) {
    it(`answers a ${mb} MB body with 413, which the client reads`, async () => {
      const started = performance.now();
      const res = await send(base, '/api/v1/changes', { ...editor, 'content-type': 'application/json' }, mb * 1024 * 1024);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'too-large', message: expect.stringMatching(/over the size limit/) });
      expect(performance.now() - started).toBeLessThan(20_000);
    }, 30_000);
  }

  it('refuses a UTF-16 body, naming the charset', async () => {
    const json = Buffer.from('\ufeff{"entity":"svc"}', 'utf16le');
    const res = await send(base, '/api/v1/changes', { ...editor, 'content-type': 'application/json; charset=utf-16' }, json.length, json);
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error.message).toMatch(/UTF-8/);
    const bom = await send(base, '/api/v1/changes', { ...editor, 'content-type': 'application/json' }, json.length, json);
    expect(bom.status).toBe(400);
    expect(JSON.parse(bom.body).error.message).toMatch(/UTF-8/);
  });

  it('answers deep JSON nesting with 400, not 500', async () => {
    const deep = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const res = await send(base, '/api/v1/changes', { ...editor, 'content-type': 'application/json' }, deep.length, deep);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/nest/);
    const obj = Buffer.from(`{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`);
    expect((await send(base, '/api/v1/changes', { ...editor, 'content-type': 'application/json' }, obj.length, obj)).status).toBe(400);
  });

  it('refuses a NUL character in a ref, a query or a body field with 400 naming where (PostgreSQL cannot store one)', async () => {
    const inPath = await fetch(`${base}/api/v1/entities/component:default%2Fcheck%00out`);
    expect(inPath.status).toBe(400);
    expect((await inPath.json()).error.problems[0].field).toBe('params');
    const inQuery = await fetch(`${base}/api/v1/entities?owner=team%00a`);
    expect(inQuery.status).toBe(400);
    expect((await inQuery.json()).error.problems[0].field).toBe('querystring');
    const body = Buffer.from(JSON.stringify({ entity: 'check\u0000out', kind: 'deploy', summary: 'x', startedAt: '2026-11-23T12:00:00Z' }));
    const res = await send(base, '/api/v1/changes', { ...editor, 'content-type': 'application/json' }, body.length, body);
    expect(res.status, res.body).toBe(400);
    expect(JSON.parse(res.body).error.problems[0].field).toBe('body.entity');
  });

  it('refuses 2024-02-30 as a date, naming the field', async () => {
    const body = Buffer.from(JSON.stringify({ entity: 'checkout', kind: 'deploy', summary: 'x', startedAt: '2024-02-30T12:00:00Z' }));
    const res = await send(base, '/api/v1/changes', { ...editor, 'content-type': 'application/json' }, body.length, body);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.problems[0]).toMatchObject({ field: expect.stringMatching(/startedAt/), message: expect.stringMatching(/ISO-8601|real date/) });
  });

  it('returns to its memory baseline after a run of bad input', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 20));
      }
      return process.memoryUsage().heapUsed;
    };
    const baseline = await settle();
    const json = { ...editor, 'content-type': 'application/json' };
    const deep = Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    const utf16 = Buffer.from('{"a":1}', 'utf16le');
    for (let round = 0; round < 5; round++) {
      await send(base, '/api/v1/changes', json, 10 * 1024 * 1024);
      await send(base, '/api/v1/changes', json, deep.length, deep);
      await send(base, '/api/v1/changes', json, utf16.length, utf16);
      await fetch(`${base}/api/v1/entities/a%00b`).then((r) => r.arrayBuffer());
    }
    const after = await settle();
    expect((after - baseline) / 1024 / 1024, `heap grew from ${Math.round(baseline / 1e6)} MB to ${Math.round(after / 1e6)} MB`).toBeLessThan(30);
  }, 60_000);

  it('sends the security headers on pages, API answers, errors and the API docs', async () => {
    for (const path of ['/', '/api/v1/entities', '/api/v1/nope', '/healthz', '/api/docs/', '/leaderboard']) {
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});
