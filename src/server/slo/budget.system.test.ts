// Error budgets against a real Prometheus (Debian's, on loopback) holding two days of backfilled
// series: a shop answering 10 requests/s with 0.2 % errors and a 30-minute incident at 10 %, and a
// latency histogram with a 3-hour slow spell. Tally's SLI, budget and burn rates must equal what
// Prometheus itself answers for the same sums; Prometheus down or refusing gives `error`. Then the
// same through the API on both engines, the SLOs read from a catalog source.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { authHeader, testApp, testConfig, testDeps } from '../testing/app.ts';
import type { App } from '../platform/http/app.ts';
import { omLines, startPrometheus, type TestPrometheus } from '../testing/prometheus.ts';
import { documentsFromText } from '../platform/documents/files.ts';
import { parseKind } from '../platform/documents/kinds.ts';
import { entityCtx, testDeps as testCollectDeps, testGrading } from '../checks/testing.ts';
import { budgetQuery, fetchBudget, type BudgetDeps } from './budget.ts';
import { sloCheck, sloCheckSchema } from './check.ts';
import { openSloKind } from './kind.ts';
import type { OpenSloDoc } from './openslo.ts';
import { resolveSlos, type ResolvedSlo } from './slo-set.ts';

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const END = NOW.getTime() / 1000;
const STEP = 15;
const FROM = END - 2 * 86_400 - 3600;
const INCIDENT = [END - 6 * 3600, END - 5.5 * 3600];
const SLOW = [END - 20 * 3600, END - 17 * 3600];

/** Cumulative counter samples of a rate that depends on time. */
function counter(rate: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  let value = 0;
  for (let t = FROM; t <= END; t += STEP) {
    out.push([t, Number(value.toFixed(6))]);
    value += rate(t) * STEP;
  }
  return out;
}
const within = (t: number, [a, b]: number[]) => t >= a && t < b;

function openmetrics(): string {
  const errors = (t: number) => (within(t, INCIDENT) ? 1 : 0.02);
  const buckets: Record<string, (t: number) => number> = {
    '0.1': (t) => (within(t, SLOW) ? 5 : 9.95),
    '0.3': (t) => (within(t, SLOW) ? 7 : 10),
    '1': () => 10,
    '+Inf': () => 10,
  };
  return [
    '# TYPE http_requests counter',
    omLines('http_requests_total', { job: 'shop', code: '200' }, counter((t) => 10 - errors(t))) + omLines('http_requests_total', { job: 'shop', code: '500' }, counter(errors)).trimEnd(),
    '# TYPE request_duration_seconds histogram',
    Object.entries(buckets).map(([le, r]) => omLines('request_duration_seconds_bucket', { job: 'shop', le }, counter(r))).join('') + omLines('request_duration_seconds_count', { job: 'shop' }, counter(() => 10)) + omLines('request_duration_seconds_sum', { job: 'shop' }, counter(() => 1)).trimEnd(),
    '# EOF',
    '',
  ].join('\n');
}

const SLOS = `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-availability
  annotations: { tally.dev/runbook: https://runbooks.example/shop }
spec:
  service: shop
  indicator:
    metadata: { name: shop-errors }
    spec:
      ratioMetric:
        counter: true
        bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{job="shop",code=~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{job="shop"}' } } }
  timeWindow: [{ duration: 2d, isRolling: true }]
  objectives: [{ targetPercent: 99.5 }]
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-latency
  annotations: { tally.dev/runbook: https://runbooks.example/shop-latency }
spec:
  service: shop
  indicator:
    metadata: { name: shop-p99 }
    spec:
      thresholdMetric:
        metricSource: { type: Prometheus, spec: { query: 'histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket{job="shop"}[1m])))' } }
  timeWindow: [{ duration: 2d, isRolling: true }]
  budgetingMethod: Timeslices
  objectives: [{ op: lte, value: 0.3, target: 0.99, timeSliceWindow: 1m }]
`;

function slosOf(text: string): ResolvedSlo[] {
  const docs = documentsFromText(text, 'slos.yaml').documents;
  const parsed = parseKind(openSloKind, docs, undefined);
  return resolveSlos(parsed.items.map((i) => ({ value: i.value as OpenSloDoc, at: {} }))).slos;
}

let prom: TestPrometheus;
beforeAll(async () => {
  prom = await startPrometheus(openmetrics());
}, 60_000);
afterAll(async () => prom?.close());

const deps = (url = prom.url): BudgetDeps => ({ fetch, prometheus: { default: { url } }, timeoutMs: 10_000 });

// Prometheus 2.x ranges include both ends: [2879m:1m] at the window's end is exactly the window's
// 2880 one-minute steps that Tally's query_range sums (as [59m:1m] is the last hour's 60).
describe('budgets from a real Prometheus', () => {
  const [availability, latency] = slosOf(SLOS);
  const bad = 'sum(rate(http_requests_total{job="shop",code=~"5.."}[1m]))';
  const total = 'sum(rate(http_requests_total{job="shop"}[1m]))';

  // The figures come from Prometheus's increase over each window (one instant query); before, they
  // were the chart's per-step rates added up. Both estimate the same events: they must agree within
  // TOLERANCE (relative, on the error ratio), and the figures equal Prometheus's increase exactly.
  const TOLERANCE = 0.01;
  const near = (ours: number, theirs: number) => expect(Math.abs(ours - theirs) / theirs, `${ours} vs ${theirs}`).toBeLessThan(TOLERANCE);
  const increaseRatio = (w: string, at = END) => prom.instant(`sum(increase(http_requests_total{job="shop",code=~"5.."}[${w}])) / sum(increase(http_requests_total{job="shop"}[${w}]))`, at);

  it('ratio SLI: one query_range for the chart (every sample kept), one instant query for the figures, equal to Prometheus’s own', async () => {
    const b = await fetchBudget(deps(), availability, NOW);
    expect(b.state, b.message).toBe('ok');
    expect(b.step).toBe(60);
    expect(b.samples).toHaveLength((2 * 86_400) / 60);
    expect(1 - b.sli!).toBeCloseTo((await increaseRatio('2d'))!, 12);
    const perStep = (await prom.instant(`sum_over_time((${bad})[2879m:1m]) / sum_over_time((${total})[2879m:1m])`, END))!;
    near(1 - b.sli!, perStep);
    // The samples are the events of each step: added up, they make the window's within the tolerance.
    const summed = b.samples.reduce((a, [, bd, t]) => [a[0] + bd, a[1] + t], [0, 0]);
    near(summed[0] / summed[1], 1 - b.sli!);
    // 0.2 % all along, 10 % for 30 minutes: about 0.3 % bad, over the 0.5 % budget by none.
    expect(1 - b.sli!).toBeGreaterThan(0.0028);
    expect(1 - b.sli!).toBeLessThan(0.0032);
    expect(b.budgetRemaining!).toBeCloseTo(1 - (1 - b.sli!) / 0.005, 12);
    expect(Math.abs(b.budgetRemaining! - (1 - perStep / 0.005))).toBeLessThan(TOLERANCE);
    const oneHour = (await increaseRatio('1h'))!;
    expect(b.burnRates.find((r) => r.window === '1h')!.rate).toBeCloseTo(oneHour / 0.005, 9);
    near(b.burnRates.find((r) => r.window === '1h')!.rate!, (await prom.instant(`sum_over_time((${bad})[59m:1m]) / sum_over_time((${total})[59m:1m])`, END))! / 0.005);
    const sixHours = (await increaseRatio('6h'))!;
    expect(b.burnRates.find((r) => r.window === '6h')!.rate).toBeCloseTo(sixHours / 0.005, 9);
    near(b.burnRates.find((r) => r.window === '6h')!.rate!, (await prom.instant(`sum_over_time((${bad})[359m:1m]) / sum_over_time((${total})[359m:1m])`, END))! / 0.005);
    expect(b.burnRates.find((r) => r.window === '6h')!.rate).toBeGreaterThan(b.burnRates.find((r) => r.window === '1h')!.rate!);
    expect(b.burnRates.find((r) => r.window === '5m')!.rate).toBeCloseTo((await increaseRatio('5m'))! / 0.005, 9);
  });

  it('a window past a week: at most 1,440 samples for the chart, the figures still exact, and equal to the 5-minute steps’ within the tolerance', async () => {
    const [long] = slosOf(SLOS.replace('duration: 2d', 'duration: 28d'));
    const b = await fetchBudget(deps(), long, NOW);
    expect(b.state, b.message).toBe('ok');
    expect(b.step).toBe(1800);
    expect(b.samples.length).toBeLessThanOrEqual(1440);
    expect(b.samples.length).toBeGreaterThanOrEqual(2 * 48);
    const end = budgetQuery(long, NOW).end; // a multiple of the step
    expect(1 - b.sli!).toBeCloseTo((await increaseRatio('28d', end))!, 12);
    const bad5m = bad.replace('[1m]', '[5m]');
    const total5m = total.replace('[1m]', '[5m]');
    const perStep = (await prom.instant(`sum_over_time((${bad5m})[28d:5m]) / sum_over_time((${total5m})[28d:5m])`, end))!;
    near(1 - b.sli!, perStep);
    // Burn rates of windows shorter than the chart's step stay exact.
    expect(b.burnRates.find((r) => r.window === '5m')!.rate).toBeCloseTo((await increaseRatio('5m', end))! / long.budget, 9);
    const [slow] = slosOf(SLOS.replaceAll('duration: 2d', 'duration: 28d').replace('timeSliceWindow: 1m', 'timeSliceWindow: 5m')).slice(1);
    const t = await fetchBudget(deps(), slow, NOW);
    expect(t.state, t.message).toBe('ok');
    expect(t.step).toBe(1800);
    const fine = (await prom.instant(`avg_over_time(((histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket{job="shop"}[1m])))) <= bool 0.3)[28d:5m])`, end))!;
    expect(Math.abs(t.sli! - fine)).toBeLessThan(TOLERANCE / 10);
  });

  it('without the chart (the list, the slo check): one instant query, the same figures', async () => {
    for (const [slo, long] of [availability, latency, ...slosOf(SLOS.replaceAll('duration: 2d', 'duration: 28d'))].map((s, i) => [s, i > 1] as const)) {
      const full = await fetchBudget(deps(), slo, NOW);
      const list = await fetchBudget(deps(), slo, NOW, { samples: false });
      expect(list.samples).toEqual([]);
      expect(list.state, `${slo.name} ${long}`).toBe('ok');
      // Equal, but for a threshold SLI's 28-day window over 2 days of data: the chart's first step holds
      // only part of its timeslices and counts as whole.
      if (long && slo.indicator.kind === 'threshold') expect(Math.abs(list.sli! - full.sli!)).toBeLessThan(1e-3);
      else expect(list.sli!).toBeCloseTo(full.sli!, 12);
      expect(list.burnRates).toEqual(full.burnRates);
    }
  });

  it('threshold SLI over a histogram: the share of good minutes, as Prometheus counts them', async () => {
    const b = await fetchBudget(deps(), latency, NOW);
    expect(b.state, b.message).toBe('ok');
    const q = budgetQuery(latency, NOW);
    const theirs = (await prom.instant(`avg_over_time(((histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket{job="shop"}[1m])))) <= bool 0.3)[2879m:1m])`, q.end))!;
    expect(b.sli!).toBeCloseTo(theirs, 12);
    // Three slow hours of 48: about 93.75 % good minutes against 99 %: the budget is spent.
    expect(b.sli!).toBeGreaterThan(0.93);
    expect(b.sli!).toBeLessThan(0.945);
    expect(b.budgetRemaining!).toBeLessThan(0);
    expect(b.message).toContain('the error budget is spent');
  });

  it('the slo check reads the budgets through its collector: a spent budget fails, Prometheus down is an error', async () => {
    const facts = { count: 2, slos: [], resolved: [availability, latency] };
    const config = sloCheckSchema.parse({ type: 'slo', budgetRemaining: { min: 0 } });
    const ctx = { ...entityCtx('shop'), data: { slo: facts } };
    const judge = async (url: string) => {
      const obs = await sloCheck.collect!([{ key: 'k', ctx, config }], { ...testCollectDeps({ now: () => NOW }, { prometheus: { default: { url } } }), timeoutMs: 5000 }, testGrading);
      return sloCheck.evaluate(config, ctx, obs.get('k'), testGrading, { scorecard: 'sc', requirementId: 'r' });
    };
    expect(await judge(prom.url)).toMatchObject({ state: 'fail', message: expect.stringMatching(/^error budget below 0 %: shop-latency -/) });
    expect(await judge('http://127.0.0.1:9')).toMatchObject({ state: 'error', message: expect.stringContaining('could not evaluate shop-availability') });
  });

  it('Prometheus down, or refusing the query: error ("could not evaluate"), never a pass', async () => {
    const down = await fetchBudget(deps('http://127.0.0.1:9'), availability, NOW);
    expect(down).toMatchObject({ state: 'error', sli: null, budgetRemaining: null, message: expect.stringContaining('could not evaluate: Prometheus "default" unreachable') });
    const [broken] = slosOf(SLOS.replace('http_requests_total{job="shop"}', 'rate(http_requests_total{job="shop"}[5m])'));
    const refused = await fetchBudget(deps(), broken, NOW);
    expect(refused).toMatchObject({ state: 'error', message: expect.stringContaining('could not evaluate: Prometheus error: bad_data') });
    const none = await fetchBudget(deps(), slosOf(SLOS.replaceAll('job="shop"', 'job="nothing"'))[0], NOW);
    expect(none.state).toBe('no-data');
  });
});

describeEachEngine('SLO budgets through the API', ({ db }) => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-slo-api-'));
    writeFileSync(join(dir, 'slos.yaml'), SLOS);
    const config = testConfig({ catalog: { sources: ['./slos.yaml'] }, checks: { prometheus: { default: { url: prom.url } } } }, dir);
    const d = testDeps(db(), config, Object.assign(() => NOW, { set() {}, advance() {} }));
    app = await testApp(d);
    const refreshed = await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(d, 'editor') });
    expect(refreshed.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every SLO with its budget, and gives one with all its samples', async () => {
    const list = (await app.inject({ url: '/api/v1/slos' })).json();
    expect(list.slos.map((s: { slo: string; state: string }) => [s.slo, s.state])).toEqual([
      ['shop-availability', 'ok'],
      ['shop-latency', 'ok'],
    ]);
    const one = await app.inject({ url: '/api/v1/slos/shop-availability' });
    expect(one.statusCode).toBe(200);
    expect(one.json().samples).toHaveLength(2880);
    expect((await app.inject({ url: '/api/v1/slos/nope' })).statusCode).toBe(404);
  });

  it('keeps the previous SLOs when a new version has PromQL that Prometheus rejects, naming the field', async () => {
    writeFileSync(join(dir, 'slos.yaml'), SLOS.replace('histogram_quantile(0.99,', 'histogram_quantile(0.99,,'));
    const d = testDeps(db(), testConfig({}, dir));
    const res = await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(d, 'editor') });
    const problems = JSON.stringify(res.json());
    expect(problems).toContain('spec.indicator.spec.thresholdMetric.metricSource.spec.query');
    expect(problems).toContain('Prometheus rejects this PromQL');
    const list = (await app.inject({ url: '/api/v1/slos' })).json();
    expect(list.slos).toHaveLength(2);
  });
});
