// The dashboard of alerts firing now against Debian's real Alertmanager on loopback: alerts posted
// to its API v2 come back grouped by team and service through the catalog (checkout and payments
// of team-a, billing of team-b, an alert with an unknown service and one with no service), a
// silence shows on the alert it silences and in the list. Alertmanager down is a 503; none
// configured says how to configure it. Both engines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAlertmanager, type TestAlertmanager } from '../testing/alertmanager.ts';
import { describeEachEngine } from '../testing/db.ts';
import { oncallTestApp, type OncallTestApp } from '../oncall/testing.ts';

let am: TestAlertmanager;
let silenceId: string;
beforeAll(async () => {
  am = await startAlertmanager();
  await am.postAlerts([
    { labels: { alertname: 'CheckoutErrorBudgetBurningFast', service: 'checkout', severity: 'page' }, annotations: { summary: 'Checkout burns its budget' } },
    { labels: { alertname: 'PaymentsLatencyHigh', service: 'payments', severity: 'ticket' } },
    { labels: { alertname: 'BillingInvoicesStuck', service: 'billing', severity: 'ticket' } },
    { labels: { alertname: 'MysteryServiceDown', service: 'mystery', team: 'team-x', severity: 'critical' } },
    { labels: { alertname: 'Watchdog', severity: 'info' } },
  ]);
  silenceId = await am.silence({ alertname: 'PaymentsLatencyHigh' }, 'known, fix deploying');
}, 60_000);
afterAll(async () => am?.close());

describeEachEngine('the alert dashboard over a real Alertmanager', ({ db }) => {
  let t: OncallTestApp;
  let none: OncallTestApp;
  beforeAll(async () => {
    t = await oncallTestApp(db(), { config: { alerts: { alertmanager: { url: am.url } } } });
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await none?.app.close();
  });

  it('groups the alerts firing now by team and service, silences shown', async () => {
    // Alertmanager applies a new silence to alerts asynchronously: wait until it has.
    let body: any;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await t.call('GET', '/api/v1/alerts/firing');
      expect(res.status).toBe(200);
      body = res.body;
      if (body.counts.alerts === 5 && body.counts.suppressed === 1) break;
      if (Date.now() > deadline) throw new Error(`Alertmanager did not show 5 alerts, one silenced: ${JSON.stringify(body.counts)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body).toMatchObject({ configured: true, alertmanager: am.url, counts: { alerts: 5, active: 4, suppressed: 1, silences: 1 } });
    const shape = body.teams.map((tm: any) => [tm.team, tm.services.map((s: any) => [s.service, s.ref, s.alerts.map((a: any) => a.name)])]);
    expect(shape).toEqual([
      ['team-a', [['checkout', 'component:default/checkout', ['CheckoutErrorBudgetBurningFast']], ['payments', 'component:default/payments', ['PaymentsLatencyHigh']]]],
      ['team-b', [['billing', 'component:default/billing', ['BillingInvoicesStuck']]]],
      ['team-x', [['mystery', null, ['MysteryServiceDown']]]],
      [null, [[null, null, ['Watchdog']]]],
    ]);
    const payments = body.teams[0].services[1].alerts[0];
    expect(payments).toMatchObject({ state: 'suppressed', silencedBy: [silenceId], severity: 'ticket' });
    expect(body.teams[0].services[0].alerts[0]).toMatchObject({ state: 'active', summary: 'Checkout burns its budget', severity: 'page' });
    expect(body.silences).toEqual([expect.objectContaining({ id: silenceId, matchers: ['alertname="PaymentsLatencyHigh"'], createdBy: 'test', comment: 'known, fix deploying', state: 'active' })]);
  });

  it('says how to configure it when no Alertmanager is set, and 503 when it is down', async () => {
    none = await oncallTestApp(db(), { config: { alerts: { alertmanager: { url: 'http://127.0.0.1:9' } } } });
    const down = await none.call('GET', '/api/v1/alerts/firing');
    expect(down.status).toBe(503);
    expect(down.body.error.message).toContain('could not read the alerts of Alertmanager http://127.0.0.1:9');
    const unset = await oncallTestApp(db());
    try {
      const res = await unset.call('GET', '/api/v1/alerts/firing');
      expect(res.body).toMatchObject({ configured: false, hint: expect.stringContaining('alerts.alertmanager.url'), teams: [] });
    } finally {
      await unset.app.close();
    }
  });
});
