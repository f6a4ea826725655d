// Alert statistics against Debian's real Prometheus on loopback: ALERTS series backfilled with
// promtool (a checkout alert that flaps three times, a billing alert firing once for two hours),
// Tally's firings and time firing compared with what Prometheus itself answers for the same
// window; pages sent through the real intake (one acknowledged, one not) give "who they woke" and
// "never acknowledged". The server-side lint of alerts.ruleFiles by service, and the `alerts`
// check reading them. Prometheus down is a 503. Both engines.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { INTAKE_KEY, oncallTestApp, type OncallTestApp } from '../oncall/testing.ts';
import { omLines, startPrometheus, type TestPrometheus } from '../testing/prometheus.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { alertsContext, evaluateAlerts, type AlertFacts } from './check.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z') / 1000;
const MIN = 60;
const minutes = (from: number, count: number): [number, number][] => Array.from({ length: count }, (_, i) => [from + i * MIN, 1]);
const CHECKOUT = { alertname: 'CheckoutErrorBudgetBurningFast', alertstate: 'firing', service: 'checkout', team: 'team-a', severity: 'page' };
const BILLING = { alertname: 'BillingInvoicesStuckInQueue', alertstate: 'firing', service: 'billing', team: 'team-b', severity: 'ticket' };
const two = NOW - 2 * 86_400;
const SERIES =
  omLines('ALERTS', CHECKOUT, [...minutes(two, 30), ...minutes(two + 50 * MIN, 30), ...minutes(two + 100 * MIN, 30)]) +
  omLines('ALERTS', BILLING, minutes(NOW - 5 * 86_400, 120)) +
  '# EOF\n';

function amPayload(name: string, labels: Record<string, string>) {
  return {
    version: '4', groupKey: `{}:{alertname="${name}"}`, truncatedAlerts: 0, status: 'firing', receiver: 'tally', groupLabels: { alertname: name }, commonLabels: { alertname: name, ...labels }, commonAnnotations: { summary: name },
    externalURL: 'http://alertmanager.acme.test', alerts: [{ status: 'firing', labels: { alertname: name, ...labels }, annotations: { summary: name }, startsAt: '2026-11-23T10:59:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.acme.test/graph', fingerprint: `fp-${name}` }],
  };
}

let prom: TestPrometheus;
beforeAll(async () => {
  prom = await startPrometheus(SERIES);
}, 60_000);
afterAll(async () => prom?.close());

describeEachEngine('alert statistics over a real Prometheus', ({ db }) => {
  let t: OncallTestApp;
  beforeAll(async () => {
    t = await oncallTestApp(db(), {
      now: '2026-11-23T11:00:00Z',
      config: { checks: { prometheus: { default: { url: prom.url }, gone: { url: 'http://127.0.0.1:9' } } }, alerts: { ruleFiles: ['./rules/*.yaml'], flapMinutes: 30 } },
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(t.dir, 'rules'));
    copyFileSync(join(import.meta.dirname, 'testdata', 'services.rules.yaml'), join(t.dir, 'rules', 'services.yaml'));
    const intake = (body: unknown) => t.call('POST', `/api/v1/alerts/alertmanager?key=${INTAKE_KEY}`, body, {});
    const checkout = await intake(amPayload(CHECKOUT.alertname, { service: 'checkout', severity: 'page' }));
    expect(checkout.body.triggered).toHaveLength(1);
    const billing = await intake(amPayload(BILLING.alertname, { service: 'billing', severity: 'ticket' }));
    expect((await t.call('POST', `/api/v1/pages/${billing.body.triggered[0]}/ack`)).status).toBe(200);
    t.clock.set('2026-11-23T12:00:00Z');
  }, 60_000);
  afterAll(async () => t?.app.close());

  it("counts firings, flaps and time firing as Prometheus does, and who the pages woke", async () => {
    const res = await t.call('GET', '/api/v1/alerts/stats?days=7');
    expect(res.status).toBe(200);
    const { body } = res;
    expect(body.stepSeconds).toBe(120);
    const step = body.stepSeconds;
    const checkout = body.alerts.find((a: { alert: string }) => a.alert === CHECKOUT.alertname);
    const billing = body.alerts.find((a: { alert: string }) => a.alert === BILLING.alertname);
    for (const [stat, name] of [[checkout, CHECKOUT.alertname], [billing, BILLING.alertname]] as const) {
      const sel = `ALERTS{alertstate="firing",alertname="${name}"}`;
      const points = await prom.instant(`count_over_time(${sel}[7d:${step}s])`, NOW);
      const starts = await prom.instant(`count_over_time((${sel} unless ${sel} offset ${step}s)[7d:${step}s])`, NOW);
      expect(stat.secondsFiring).toBe(points! * step);
      expect(stat.firings).toBe(starts);
    }
    expect(checkout).toMatchObject({ firings: 3, flaps: 2, service: 'checkout', team: 'team-a', severity: 'page', pages: 1, acknowledged: 0, neverAcknowledged: 1, notActionable: true });
    expect(checkout.woke).toEqual([{ user: expect.stringMatching(/^user:default\//), pages: 1, offHours: expect.any(Number) }]);
    expect(checkout.daily.reduce((a: number, b: number) => a + b, 0)).toBe(3);
    expect(billing).toMatchObject({ firings: 1, flaps: 0, pages: 1, acknowledged: 1, notActionable: false });
    expect(body.alerts[0].alert).toBe(CHECKOUT.alertname);
    expect(body.summary).toMatchObject({ alerts: 2, firings: 4, pages: 2, flapping: 1, notActionable: 1 });
  });

  it('answers 503 when Prometheus cannot be reached', async () => {
    const res = await t.call('GET', '/api/v1/alerts/stats?server=gone');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('could not read the ALERTS series of Prometheus "gone"');
  });

  it('lints the rule files of alerts.ruleFiles, per service', async () => {
    const res = await t.call('GET', '/api/v1/alerts/lint/files');
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ files: 1, alerts: 4, withRunbook: 3 });
    expect(res.body.services).toEqual([
      { service: 'billing', alerts: 1, withRunbook: 1, errors: 0, warnings: 0 },
      { service: 'checkout', alerts: 2, withRunbook: 1, errors: 1, warnings: 0 },
      { service: null, alerts: 1, withRunbook: 1, errors: 0, warnings: 1 },
    ]);
    expect(res.body.findings).toContainEqual(expect.objectContaining({ file: join('rules', 'services.yaml'), line: 14, rule: 'CheckoutLatencyAboveOneSecond', check: 'runbook', service: 'checkout' }));
  });

  it('feeds the alerts check: runbooks, lint errors, pages per week', async () => {
    const snap = await catalogSnapshot(t.deps.db);
    const view = { entities: snap.entities.map((e) => ({ ref: e.ref, entity: e.entity })), relations: snap.relations, generation: snap.generation };
    const facts = await alertsContext.load({ db: t.deps.db, config: t.deps.config, now: t.deps.clock() }, view, undefined);
    const of = (name: string) => facts.get(`component:default/${name}`) as AlertFacts;
    expect(of('checkout')).toMatchObject({ pages: 1, rules: [expect.objectContaining({ name: 'CheckoutErrorBudgetBurningFast', runbook: true }), expect.objectContaining({ name: 'CheckoutLatencyAboveOneSecond', runbook: false, errors: 1 })] });
    expect(evaluateAlerts({ type: 'alerts', runbooks: {} }, of('checkout'))).toMatchObject({ state: 'fail', message: expect.stringContaining('1 of 2 alerting rule(s) have no runbook_url: CheckoutLatencyAboveOneSecond (rules/services.yaml:14)') });
    expect(evaluateAlerts({ type: 'alerts', runbooks: {} }, of('billing')).state).toBe('pass');
    expect(evaluateAlerts({ type: 'alerts', lintErrors: { max: 0 } }, of('checkout')).state).toBe('fail');
    expect(evaluateAlerts({ type: 'alerts', pagesPerWeek: { max: 1 } }, of('checkout'))).toMatchObject({ state: 'pass', message: '0.25 page(s) a week (1 in 28 days), at most 1' });
    expect(evaluateAlerts({ type: 'alerts', pagesPerWeek: { max: 0.1 } }, of('checkout')).state).toBe('fail');
    expect(facts.get('component:default/orphan')).toBeUndefined();
    expect(evaluateAlerts({ type: 'alerts', runbooks: {} }, { rules: [], pages: 0, pageDays: 28 })).toMatchObject({ state: 'fail', message: expect.stringContaining('no alerting rules') });
  });
});
