import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusCheck, prometheusConfigSchema, type PrometheusCheckConfig } from './prometheus.ts';
import { parsePromResponse } from './prometheus-api.ts';
import { startServer, type TestServer } from '../testing/http-server.ts';
import { entityCtx, testDeps, testGrading } from './testing.ts';
import type { CheckContext, CollectDeps } from './types.ts';

// A loopback server speaking the Prometheus instant-query API for a few canned queries.
let prom: TestServer;
const seen: { query: string; time: string; auth?: string }[] = [];
beforeAll(async () => {
  prom = await startServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/api/v1/query') return res.writeHead(404).end();
    const query = u.searchParams.get('query') ?? '';
    seen.push({ query, time: u.searchParams.get('time') ?? '', auth: req.headers.authorization });
    const send = (code: number, body: unknown) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const vector = (result: unknown[]) => send(200, { status: 'success', data: { resultType: 'vector', result } });
    if (query === 'up{job="payments"}') return vector([{ metric: { job: 'payments', instance: 'a' }, value: [1, '1'] }, { metric: { job: 'payments', instance: 'b' }, value: [1, '0'] }]);
    if (query.startsWith('slo:availability')) return vector([{ metric: { job: 'x' }, value: [1, '0.9995'] }]);
    if (query === 'scalar(1)') return send(200, { status: 'success', data: { resultType: 'scalar', result: [1, '1'] } });
    if (query === 'up[5m]') return send(200, { status: 'success', data: { resultType: 'matrix', result: [] } });
    if (query === 'nothing') return vector([]);
    if (query === 'inf') return vector([{ metric: {}, value: [1, '+Inf'] }]);
    return send(400, { status: 'error', errorType: 'bad_data', error: `1:5: parse error: unexpected "}" in ${query}` });
  });
});
afterAll(() => prom.close());

const cfg = (c: Omit<PrometheusCheckConfig, 'type'>): PrometheusCheckConfig => prometheusConfigSchema.parse({ type: 'prometheus', ...c });
const deps = (over: Partial<CollectDeps> = {}) => testDeps(over, { prometheus: { default: { url: `${prom.url}/`, headers: { authorization: 'Bearer t' } }, other: { url: `${prom.url}/nope` } } });

async function run(config: PrometheusCheckConfig, ctx: CheckContext, d: CollectDeps = deps()) {
  const obs = await prometheusCheck.collect!([{ key: 'k', ctx, config }], d, testGrading);
  return prometheusCheck.evaluate(config, ctx, obs.get('k'), testGrading, { scorecard: 'sc', requirementId: 'r' });
}

describe('prometheus check', () => {
  it('substitutes entity fields into the query and judges the first value', async () => {
    const out = await run(cfg({ query: 'up{job="{{name}}"}', expect: 'value == 1' }), entityCtx('payments'));
    expect(out).toMatchObject({ state: 'pass', message: expect.stringContaining('value 1 (first of 2)') });
    expect(seen.at(-1)).toMatchObject({ query: 'up{job="payments"}', time: String(Date.parse('2025-06-01T12:00:00Z') / 1000), auth: 'Bearer t' });
    expect(out.evidence).toMatchObject({ count: 2, samples: [{ labels: { instance: 'a' }, value: 1 }, { labels: { instance: 'b' }, value: 0 }] });
  });

  it('gives expect `values` and `count`, and entity variables such as tier', async () => {
    expect(await run(cfg({ query: 'up{job="{{name}}"}', expect: 'values.all(s, s.value == 1)' }), entityCtx('payments'))).toMatchObject({ state: 'fail' });
    expect(await run(cfg({ query: 'up{job="{{name}}"}', expect: 'count == 2 && values.exists(s, s.labels.instance == "b")' }), entityCtx('payments'))).toMatchObject({ state: 'pass' });
    const tiered = cfg({ query: 'slo:availability{job="{{name}}"}', expect: 'value >= (tier == 1 ? 0.9999 : 0.999)' });
    expect(await run(tiered, entityCtx('x', { 'tally.dev/tier': '1' }))).toMatchObject({ state: 'fail' });
    expect(await run(tiered, entityCtx('x', { 'tally.dev/tier': '2' }))).toMatchObject({ state: 'pass' });
  });

  it('escapes values for PromQL strings', async () => {
    await run(cfg({ query: 'slo:availability{job="{{name}}"}', expect: 'true' }), entityCtx('a"b\\c'));
    expect(seen.at(-1)?.query).toBe('slo:availability{job="a\\"b\\\\c"}');
  });

  it('reads scalars and +Inf', async () => {
    expect(await run(cfg({ query: 'scalar(1)', expect: 'value == 1.0' }), entityCtx('x'))).toMatchObject({ state: 'pass' });
    expect(await run(cfg({ query: 'inf', expect: 'value > 1000000.0' }), entityCtx('x'))).toMatchObject({ state: 'pass' });
  });

  it('applies noData when the query returns nothing', async () => {
    expect(await run(cfg({ query: 'nothing', expect: 'value > 0' }), entityCtx('x'))).toMatchObject({ state: 'fail', message: 'the query returned no data' });
    expect(await run(cfg({ query: 'nothing', expect: 'value > 0', noData: 'n/a' }), entityCtx('x'))).toMatchObject({ state: 'n/a' });
    expect(await run(cfg({ query: 'nothing', expect: 'value > 0', noData: 'error' }), entityCtx('x'))).toMatchObject({ state: 'error' });
  });

  it("turns Prometheus's errors into error outcomes with its text", async () => {
    const out = await run(cfg({ query: 'up{', expect: 'value > 0' }), entityCtx('x'));
    expect(out).toMatchObject({ state: 'error', message: expect.stringContaining('Prometheus error: bad_data: 1:5: parse error') });
    expect(await run(cfg({ query: 'up[5m]', expect: 'true' }), entityCtx('x'))).toMatchObject({ state: 'error', message: expect.stringContaining('unsupported result type "matrix"') });
    expect(await run(cfg({ server: 'other', query: 'up', expect: 'true' }), entityCtx('x'))).toMatchObject({ state: 'error', message: expect.stringContaining('not JSON') });
    expect(await run(cfg({ server: 'missing', query: 'up', expect: 'true' }), entityCtx('x'))).toMatchObject({ state: 'error', message: 'no Prometheus server named "missing" in the configuration' });
  });

  it('errors when Prometheus is unreachable', async () => {
    const gone = await startServer(() => undefined);
    await gone.close();
    const d = testDeps({}, { prometheus: { default: { url: gone.url } } });
    expect(await run(cfg({ query: 'up', expect: 'true' }), entityCtx('x'), d)).toMatchObject({ state: 'error', message: expect.stringContaining('unreachable: ECONNREFUSED') });
  });

  it('sends one request per distinct rendered query', async () => {
    const config = cfg({ query: 'slo:availability{job="shared"}', expect: 'value > 0.99' });
    const items = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, ctx: entityCtx(`s${i}`), config }));
    const before = seen.length;
    const obs = await prometheusCheck.collect!(items, deps(), testGrading);
    expect(seen.length - before).toBe(1);
    expect(items.every((it) => prometheusCheck.evaluate(config, it.ctx, obs.get(it.key), testGrading, { scorecard: 'sc', requirementId: 'r' }).state === 'pass')).toBe(true);
  });

  it('does not query offline', async () => {
    const before = seen.length;
    expect(await run(cfg({ query: 'up', expect: 'true' }), entityCtx('x'), deps({ offline: true }))).toMatchObject({ state: 'n/a' });
    expect(seen.length).toBe(before);
  });

  it('reports bad expect and placeholders at compile time', () => {
    const problems = prometheusCheck.compile!(cfg({ query: 'up{job="{{bogus}}"}', expect: 'value >' }), testGrading);
    expect(problems.map((p) => p.field)).toEqual(['query', 'expect']);
    expect(prometheusCheck.compile!(cfg({ query: 'up', expect: 'count + 1' }), testGrading)[0].message).toContain('must return bool');
  });
});

describe('parsePromResponse', () => {
  it('parses vectors and NaN values', () => {
    const text = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 'b' }, value: [1, 'NaN'] }] } });
    const r = parsePromResponse(200, text);
    expect(r.ok && Number.isNaN(r.samples[0].value)).toBe(true);
  });
});
