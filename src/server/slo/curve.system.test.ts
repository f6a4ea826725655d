// Inverted SLOs against a real Prometheus (Debian's, on loopback) over the demo's 29 days of
// backfilled metrics (a histogram of ten buckets, two slow spells): Tally's quantiles equal
// Prometheus's own histogram_quantile over the same period, its share under a threshold goes back
// to that threshold through Prometheus, and the demo's 100 ms objective gets the suggestion the
// data supports. Then the same through the API on both engines; Prometheus down is an error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, testApp, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { runTally } from '../testing/cli.ts';
import { startPrometheus, type TestPrometheus } from '../testing/prometheus.ts';
import type { SloCurve } from '../../common/api/slo.ts';
import { documentsFromText } from '../platform/documents/files.ts';
import { parseKind } from '../platform/documents/kinds.ts';
import type { App } from '../platform/http/app.ts';
import { fetchCurve } from './curve.ts';
import { demoOpenMetrics } from './demo/series.ts';
import { openSloKind } from './kind.ts';
import type { OpenSloDoc } from './openslo.ts';
import type { PromDeps } from './prom.ts';
import { resolveSlos } from './slo-set.ts';

const END = Math.floor(Date.now() / 60_000) * 60;
const NOW = new Date(END * 1000);
const DEMO = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'acme', 'slos', 'payments.yaml'), 'utf8');
const BUCKETS = 'http_request_duration_seconds_bucket{job="payments"}';
const slos = resolveSlos(parseKind(openSloKind, documentsFromText(DEMO, 'payments.yaml').documents, undefined).items.map((i) => ({ value: i.value as OpenSloDoc, at: {} }))).slos;
const slo = (name: string) => slos.find((s) => s.name === name)!;

let prom: TestPrometheus;
beforeAll(async () => {
  prom = await startPrometheus(demoOpenMetrics(END));
}, 120_000);
afterAll(async () => prom?.close());

const deps = (url = prom.url): PromDeps => ({ fetch, prometheus: { default: { url } }, timeoutMs: 30_000 });
const theirQuantile = (q: number, period: string) => prom.instant(`histogram_quantile(${q}, sum by (le) (increase(${BUCKETS}[${period}])))`, END);

describe('inverted SLOs from a real Prometheus', () => {
  it('quantiles equal histogram_quantile over the same period; the share under a threshold is its inverse', async () => {
    const c = await fetchCurve(deps(), slo('payments-latency'), { periodSeconds: 7 * 86_400, under: 0.2, quantile: 0.95 }, NOW);
    expect(c.state, c.message).toBe('ok');
    expect(c.histogram).toBe(BUCKETS);
    expect(c.objective).toMatchObject({ threshold: 0.3, quantile: 0.99 });
    expect(c.objective.latency!).toBeCloseTo((await theirQuantile(0.99, '7d'))!, 9);
    expect(c.quantile!.latency!).toBeCloseTo((await theirQuantile(0.95, '7d'))!, 9);
    // Prometheus has no "share under"; asked for the quantile of Tally's share, it answers the threshold.
    expect(await theirQuantile(c.under!.share!, '7d')).toBeCloseTo(0.2, 9);
    expect(c.points.map((p) => p.le)).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1]);
    const at100ms = await prom.instant(`sum(increase(http_request_duration_seconds_bucket{job="payments",le="0.1"}[7d])) / sum(increase(http_request_duration_seconds_bucket{job="payments",le="+Inf"}[7d]))`, END);
    expect(c.points.find((p) => p.le === 0.1)!.share).toBeCloseTo(at100ms!, 12);
    expect(c.points.at(-1)!.share).toBe(1);
  });

  it('a slow day moves the curve: the period of the last slow spell is slower than a quiet day', async () => {
    const quiet = await fetchCurve(deps(), slo('payments-latency'), { periodSeconds: 86_400 }, NOW);
    const slow = await fetchCurve(deps(), slo('payments-latency'), { periodSeconds: 3 * 86_400 }, NOW);
    expect(quiet.objective.latency!).toBeLessThan(0.1);
    expect(slow.objective.latency!).toBeGreaterThan(0.1);
    expect(slow.objective.latency!).toBeCloseTo((await theirQuantile(0.99, '3d'))!, 9);
  });

  it('suggests an objective from the last 28 days: 100 ms is too tight, 250 ms was met', async () => {
    const c = await fetchCurve(deps(), slo('payments-fast'), { periodSeconds: 28 * 86_400 }, NOW);
    expect(c.state, c.message).toBe('ok');
    expect(c.objective).toMatchObject({ threshold: 0.1, quantile: 0.99 });
    expect(c.objective.shareUnder!).toBeLessThan(0.99);
    const s = c.suggestion!;
    expect(s.days).toHaveLength(28);
    expect(s.threshold).toBe(0.25);
    expect(s.objectiveDaysMet).toBe(26); // the two days with a slow spell missed it
    expect(s.message).toContain('Do you really need 100 ms, or is 250 ms fine?');
    expect(s.latency!).toBeGreaterThan(0.1);
    expect(s.latency!).toBeLessThan(0.25);
  });

  it('Prometheus down, or an SLO without a histogram: error ("could not evaluate")', async () => {
    expect(await fetchCurve(deps('http://127.0.0.1:9'), slo('payments-latency'), { periodSeconds: 86_400 }, NOW)).toMatchObject({ state: 'error', message: expect.stringContaining('could not evaluate: Prometheus "default" unreachable') });
    expect(await fetchCurve(deps(), slo('payments-availability'), { periodSeconds: 86_400 }, NOW)).toMatchObject({ state: 'error', histogram: null, message: expect.stringContaining('names no histogram') });
  });
});

describeEachEngine('inverted SLOs through the API', ({ db }) => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-slo-curve-'));
    writeFileSync(join(dir, 'slos.yaml'), DEMO);
    const config = testConfig({ catalog: { sources: ['./slos.yaml'] }, checks: { prometheus: { default: { url: prom.url } } } }, dir);
    const d = testDeps(db(), config, Object.assign(() => NOW, { set() {}, advance() {} }));
    app = await testApp(d);
    const refreshed = await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(d, 'editor') });
    expect(refreshed.statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers both questions over a chosen period, and refuses a bad one naming the parameter', async () => {
    const res = await app.inject({ url: '/api/v1/slos/payments-fast/curve?period=7d&under=0.05&quantile=0.9' });
    expect(res.statusCode).toBe(200);
    const c = res.json() as SloCurve;
    expect(c).toMatchObject({ state: 'ok', period: { seconds: 7 * 86_400 }, under: { threshold: 0.05 }, quantile: { quantile: 0.9 } });
    expect(c.quantile!.latency!).toBeCloseTo((await theirQuantile(0.9, '7d'))!, 9);
    const bad = await app.inject({ url: '/api/v1/slos/payments-fast/curve?period=7x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('period');
    expect((await app.inject({ url: '/api/v1/slos/nope/curve' })).statusCode).toBe(404);
  });

  it('tally slo curve prints the curve, both answers and the suggestion; a bad --under is refused', async () => {
    const out = await runTally(['slo', 'curve', 'payments-fast', '--period', '28d', '--under', '250ms', '--quantile', '99'], { app });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('http_request_duration_seconds_bucket{job="payments"}');
    expect(out.stdout).toMatch(/ {2}250 ms {7}99\.\d+ %/);
    expect(out.stdout).toMatch(/99\.\d+ % of requests finished under 250 ms/);
    expect(out.stdout).toContain('Do you really need 100 ms, or is 250 ms fine?');
    const bad = await runTally(['slo', 'curve', 'payments-fast', '--under', 'fast'], { app });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--under fast');
  });
});
