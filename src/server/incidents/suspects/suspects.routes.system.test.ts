// The change database at hand, on both engines: suspects ranked for the affected services and
// their dependencies before the impact began; naming the cause feeds DORA; the revert button
// runs once (a real receiver on loopback) and lands in the timeline; aids from the catalog and
// the graph; the status endpoint fetched live through the outbound guard.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { startServer, type TestServer } from '../../testing/http-server.ts';
import { incidentsTestApp, type IncidentsTestApp } from '../testing.ts';

describeEachEngine('incidents: suspects, revert, aids', ({ db }) => {
  let t: IncidentsTestApp;
  let receiver: TestServer;
  let reverts = 0;
  beforeAll(async () => {
    receiver = await startServer((req, res) => {
      if (req.url?.startsWith('/revert')) reverts++;
      if (req.url === '/status/checkout') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"degraded","db":"slow"}');
      res.writeHead(200).end('ok');
    });
    t = await incidentsTestApp(db(), { statusBase: `${receiver.url}/status`, config: { checks: { outbound: { allow: ['127.0.0.1'] } } } });
    const change = (summary: string, entity: string, startedAt: string, extra: Record<string, unknown> = {}) => ({ entities: [entity], kind: 'deploy', summary, startedAt, finishedAt: startedAt, ...extra });
    const res = await t.call('POST', '/api/v1/changes', {
      changes: [
        change('payments v42', 'payments', '2026-11-23T11:35:00Z', { revert: { webhook: { url: `${receiver.url}/revert/payments` } } }),
        change('checkout v7', 'checkout', '2026-11-23T10:30:00Z'),
        change('ledger v3 (unrelated)', 'ledger', '2026-11-23T11:40:00Z'),
        change('checkout v8 (after the impact)', 'checkout', '2026-11-23T11:55:00Z'),
      ],
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await t?.app.close();
    await receiver?.close();
  });

  it('ranks the suspects of the affected services and their dependencies before the impact, with start candidates', async () => {
    const { incident } = await t.declare({ impactStartedAt: '2026-11-23T11:45:00Z', alerts: [{ url: 'https://alerts.acme.test/2', title: 'CheckoutLatency', firedAt: '2026-11-23T11:47:00Z' }] });
    const s = (await t.call('GET', `/api/v1/incidents/${incident.number}/suspects`)).body;
    expect(s.at).toBe('2026-11-23T11:45:00.000Z');
    expect(s.suspects.map((x: { change: { summary: string } }) => x.change.summary)).toEqual(['payments v42', 'checkout v7']);
    expect(s.suspects[0]).toMatchObject({ distance: 1, via: 'component:default/payments', cause: false, revert: null, change: { revertable: true } });
    expect(s.suspects[0].reasons).toContain('on payments, a direct dependency');
    expect(s.candidates).toEqual([
      { kind: 'alert', at: '2026-11-23T11:47:00.000Z', label: 'earliest related alert: CheckoutLatency' },
      { kind: 'change', at: '2026-11-23T10:30:00.000Z', label: 'earliest suspect change: checkout v7' },
      { kind: 'detected', at: incident.times.detectedAt, label: 'when it was detected' },
    ]);
  });

  it('names a change as the cause (DORA counts it as failed) and reverts it exactly once, in the timeline', async () => {
    const { incident } = await t.declare({ impactStartedAt: '2026-11-23T11:45:00Z' });
    const key = `/api/v1/incidents/${incident.number}`;
    const payments = (await t.call('GET', `${key}/suspects`)).body.suspects[0].change;
    const dora = async () => (await t.call('GET', '/api/v1/dora?entity=payments&from=2026-11-20T00:00:00Z&to=2026-11-24T00:00:00Z')).body.overall.changeFailureRate;
    expect(await dora()).toBe(0);
    expect((await t.call('POST', `${key}/causes/${payments.id}`)).status).toBe(200);
    expect(await dora()).toBe(1);
    expect((await t.call('POST', `${key}/causes/nope`)).status).toBe(404);
    const presses = await Promise.all([1, 2, 3].map(() => t.call('POST', `${key}/reverts/${payments.id}`, { reason: 'INC: payments errors' })));
    expect(presses.map((p) => p.status).sort()).toEqual([201, 409, 409]);
    expect(reverts).toBe(1);
    const after = (await t.call('GET', `${key}/suspects`)).body.suspects[0];
    expect(after).toMatchObject({ cause: true, revert: { state: 'succeeded' } });
    const timeline = (await t.call('GET', `${key}/timeline`)).body.items.map((e: { kind: string; text: string }) => `${e.kind}: ${e.text}`);
    expect(timeline).toEqual(expect.arrayContaining([`cause: Named the cause: payments v42 (change ${payments.id})`, expect.stringMatching(/^revert: Reverted: payments v42 \(attempt 1; revert recorded as change .+\)\. Reason: INC: payments errors$/)]));
    expect((await t.call('DELETE', `${key}/causes/${payments.id}`)).status).toBe(200);
    expect(await dora()).toBe(1); // still failed: it was reverted
  });

  it('gives the mitigation aids: links, runtime controls and the blast radius both ways', async () => {
    const { incident } = await t.declare();
    const aids = (await t.call('GET', `/api/v1/incidents/${incident.number}/aids`)).body;
    expect(aids.services[0]).toMatchObject({
      ref: 'component:default/checkout',
      runbookUrl: 'https://runbooks.acme.test/checkout',
      dashboardUrl: 'https://grafana.acme.test/d/checkout',
      controls: [{ name: 'disable-recommendations', url: 'https://flags.acme.test/recs' }, { name: 'read-only-mode', url: 'https://flags.acme.test/ro' }],
      dependents: [{ ref: 'component:default/web', distance: 1 }],
    });
    expect(aids.services[0].dependencies).toEqual(expect.arrayContaining([{ ref: 'component:default/payments', distance: 1 }, { ref: 'component:default/tax', distance: 1 }, { ref: 'resource:default/payments-db', distance: 2 }]));
    expect(aids.checklist.map((c: { id: string }) => c.id)).toEqual(['revert', 'turn-off', 'redirect', 'error-boundaries', 'stop-cascade']);
    const control = await t.call('POST', `/api/v1/incidents/${incident.number}/controls`, { service: 'checkout', control: 'disable-recommendations', action: 'turned off' });
    expect(control.status).toBe(201);
    const entry = (await t.call('GET', `/api/v1/incidents/${incident.number}/timeline`)).body.items.find((e: { kind: string }) => e.kind === 'control');
    expect(entry).toMatchObject({ text: 'disable-recommendations on component:default/checkout: turned off', data: { url: 'https://flags.acme.test/recs' } });
  });

  it('fetches the status endpoint live through the guard, and only for affected services', async () => {
    const { incident } = await t.declare();
    const status = (await t.call('GET', `/api/v1/incidents/${incident.number}/status?service=checkout`)).body;
    expect(status).toMatchObject({ service: 'component:default/checkout', ok: true, status: 200, body: '{"status":"degraded","db":"slow"}', error: null });
    expect((await t.call('GET', `/api/v1/incidents/${incident.number}/status?service=ledger`)).status).toBe(404);
  });
});
