import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheck, httpConfigSchema, type HttpCheckConfig } from './http.ts';
import { startServer, type TestServer } from '../testing/http-server.ts';
import { entityCtx, testDeps, testGrading } from './testing.ts';
import type { CheckContext, CollectDeps } from './types.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/healthy')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', checks: 3, path }));
    if (path === '/down') return res.writeHead(503).end('maintenance');
    if (path === '/slow') return void setTimeout(() => res.end('{"status":"ok"}'), 120);
    if (path === '/hang') return; // never answers
    if (path === '/text') return res.end('all good');
    res.writeHead(404).end();
  });
});
afterAll(() => server.close());

const cfg = (c: Omit<HttpCheckConfig, 'type'> = {}): HttpCheckConfig => httpConfigSchema.parse({ type: 'http', ...c });

async function run(config: HttpCheckConfig, ctx: CheckContext, deps: CollectDeps = testDeps()) {
  const obs = await httpCheck.collect!([{ key: 'k', ctx, config }], deps, testGrading);
  return httpCheck.evaluate(config, ctx, obs.get('k'), testGrading, { scorecard: 'sc', requirementId: 'r' });
}

describe('http check', () => {
  it('passes when the status annotation answers 2xx, with evidence', async () => {
    const out = await run(cfg(), entityCtx('payments', { 'tally.dev/status-url': `${server.url}/healthy` }));
    expect(out.state).toBe('pass');
    expect(out.evidence).toMatchObject({ url: `${server.url}/healthy`, status: 200, bodyExcerpt: expect.stringContaining('"status":"ok"'), objects: [{ kind: 'url', label: `${server.url}/healthy`, url: `${server.url}/healthy` }] });
    expect(out.observedAt).toBe('2025-06-01T12:00:00.000Z');
  });

  it('probes a status URL written as a path on this Tally server (server.publicUrl)', async () => {
    const out = await run(cfg(), entityCtx('payments', { 'tally.dev/status-url': '/healthy/payments' }), testDeps({}, { publicUrl: server.url }));
    expect(out.state).toBe('pass');
    expect(out.evidence).toMatchObject({ url: `${server.url}/healthy/payments` });
    expect(server.hits).toContain('/healthy/payments');
  });

  it('is n/a without a status URL annotation', async () => {
    expect(await run(cfg(), entityCtx('x'))).toMatchObject({ state: 'n/a', message: 'no status URL annotation (tally.dev/status-url)' });
  });

  it('fails on an unexpected status', async () => {
    const out = await run(cfg(), entityCtx('x', { 'tally.dev/status-url': `${server.url}/down` }));
    expect(out).toMatchObject({ state: 'fail', message: 'status 503, expected 200-399' });
    expect(await run(cfg({ expect: { status: [503] } }), entityCtx('x', { 'tally.dev/status-url': `${server.url}/down` }))).toMatchObject({ state: 'pass' });
  });

  it('judges the body with CEL over parsed JSON, status and headers', async () => {
    const ctx = entityCtx('x', { 'tally.dev/status-url': `${server.url}/healthy` });
    const ok = cfg({ expect: { body: 'body.status == "ok" && body.checks >= 3 && status == 200 && headers["content-type"] == "application/json"' } });
    expect(await run(ok, ctx)).toMatchObject({ state: 'pass' });
    const bad = await run(cfg({ expect: { body: 'body.checks > 5' } }), ctx);
    expect(bad).toMatchObject({ state: 'fail', message: expect.stringContaining('body expectation is false') });
    const text = await run(cfg({ expect: { body: 'body.contains("good")' } }), entityCtx('x', { 'tally.dev/status-url': `${server.url}/text` }));
    expect(text.state).toBe('pass');
  });

  it('errors when the body expression fails at run time, never passes', async () => {
    const out = await run(cfg({ expect: { body: 'body.missing.deeper == 1' } }), entityCtx('x', { 'tally.dev/status-url': `${server.url}/healthy` }));
    expect(out.state).toBe('error');
  });

  it('warns when slower than the latency budget but otherwise right', async () => {
    const out = await run(cfg({ expect: { maxLatencyMs: 20 } }), entityCtx('x', { 'tally.dev/status-url': `${server.url}/slow` }));
    expect(out).toMatchObject({ state: 'warn', message: expect.stringMatching(/budget 20 ms/) });
  });

  it('fails with "no answer" on a timeout', async () => {
    const out = await run(cfg({ timeoutMs: 150 }), entityCtx('x', { 'tally.dev/status-url': `${server.url}/hang` }));
    expect(out).toMatchObject({ state: 'fail', message: 'no answer within 150 ms' });
  });

  it('fails when nothing listens (the service is down)', async () => {
    const gone = await startServer(() => undefined);
    await gone.close(); // a port where nothing listens any more
    const out = await run(cfg(), entityCtx('x', { 'tally.dev/status-url': `${gone.url}/` }));
    expect(out).toMatchObject({ state: 'fail', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('errors when the outbound guard refuses, and sends nothing', async () => {
    const deps = testDeps({}, { outbound: { allow: ['*.acme.example'], allowPrivate: false, allowLinkLocal: false } });
    const before = server.hits.length;
    const out = await run(cfg(), entityCtx('x', { 'tally.dev/status-url': `${server.url}/healthy` }), deps);
    expect(out).toMatchObject({ state: 'error', message: expect.stringContaining('outbound request refused: host 127.0.0.1') });
    expect(server.hits.length).toBe(before);
    const meta = await run(cfg({ url: 'http://169.254.169.254/latest/meta-data/' }), entityCtx('x'));
    expect(meta).toMatchObject({ state: 'error', message: expect.stringContaining('cloud metadata') });
  });

  it('substitutes placeholders, encoding values that do not start the URL', async () => {
    const config = cfg({ url: `${server.url}/healthy/{{name}}?ns={{namespace}}&team={{label:team}}` });
    const ctx = entityCtx('a/b?c', {});
    ctx.entity.metadata.labels = { team: 'x&y' };
    const out = await run(config, ctx);
    expect((out.evidence as { url: string }).url).toBe(`${server.url}/healthy/a%2Fb%3Fc?ns=default&team=x%26y`);
    const base = await run(cfg({ url: '{{annotation:tally.dev/status-url}}/ready' }), entityCtx('x', { 'tally.dev/status-url': `${server.url}/healthy` }));
    expect((base.evidence as { url: string }).url).toBe(`${server.url}/healthy/ready`);
    expect(await run(config, entityCtx('nolabel'))).toMatchObject({ state: 'n/a', message: expect.stringContaining('{{label:team}}') });
  });

  it('probes each distinct URL once for many entities', async () => {
    const url = `${server.url}/healthy?dedupe=1`;
    const items = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, ctx: entityCtx(`svc${i}`, { 'tally.dev/status-url': url }), config: cfg() }));
    const before = server.hits.filter((h) => h.includes('dedupe')).length;
    const obs = await httpCheck.collect!(items, testDeps(), testGrading);
    expect(obs.size).toBe(30);
    expect(server.hits.filter((h) => h.includes('dedupe')).length - before).toBe(1);
  });

  it('does not probe offline', async () => {
    const before = server.hits.length;
    const out = await run(cfg(), entityCtx('x', { 'tally.dev/status-url': `${server.url}/healthy` }), testDeps({ offline: true }));
    expect(out).toMatchObject({ state: 'n/a', message: expect.stringContaining('offline') });
    expect(server.hits.length).toBe(before);
  });

  it('reports bad CEL and unknown placeholders at compile time', () => {
    expect(httpCheck.compile!(cfg({ url: 'http://x/{{nmae}}', expect: { body: 'body.ok ==' } }), testGrading)).toEqual([
      expect.objectContaining({ field: 'url', message: expect.stringContaining('unknown placeholder {{nmae}}') }),
      expect.objectContaining({ field: 'expect.body', message: expect.stringContaining('CEL syntax error') }),
    ]);
    expect(httpCheck.compile!(cfg({ expect: { body: 'status == "200"' } }), testGrading)[0].message).toContain('type error');
    expect(httpConfigSchema.safeParse({ type: 'http', method: 'POST' }).success).toBe(false);
  });
});
