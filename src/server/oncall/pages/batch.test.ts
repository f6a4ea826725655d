// Intake and escalation a batch at a time, on both engines: requests arriving together share a
// transaction and still page once per dedup key (within a batch, across concurrent requests, and
// across two transactions racing as two processes would); in-batch order holds (a trigger then a
// resolve of one key); a batch of due timers escalates each page exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { INTAKE_KEY, oncallTestApp, type OncallTestApp } from '../testing.ts';
import type { IncomingAlert } from '../intake/alerts.ts';
import { fireDueTimers } from './escalate.ts';
import { takeAlertBatch } from './pages.routes.ts';

const U = 'user:default/';
const MIN = 60_000;
const BILLING = 'R0UTINGKEYBILLING0000000000000001';

const alert = (key: string, action: IncomingAlert['action'] = 'trigger', service = 'checkout'): IncomingAlert => ({ origin: 'events', action, dedupKey: key, title: `Alert ${key}`, details: '', labels: { service } });
const am = (group: string, service: string) => ({
  version: '4', groupKey: `{}:{alertname="${group}"}`, status: 'firing', receiver: 'tally', groupLabels: { alertname: group }, commonLabels: { alertname: group, service }, commonAnnotations: { summary: group },
  alerts: [{ status: 'firing', labels: { alertname: group, service, instance: 'pod-1' }, annotations: { summary: group }, fingerprint: `fp-${group}` }],
});

describeEachEngine('on-call batches', ({ db }) => {
  let t: OncallTestApp;
  // A long linger, so the concurrent requests below wait for each other (the outcome must not depend on it).
  beforeAll(async () => {
    t = await oncallTestApp(db(), { config: { oncall: { ackSecret: 'an-ack-secret-for-tests-only', intakeKey: INTAKE_KEY, routingKeys: { [BILLING]: 'billing' }, intakeLingerMs: 50 } } });
  });
  afterAll(async () => t?.app.close());

  const pagesWithKey = async (key: string) => t.deps.db.selectFrom('oncall_pages').selectAll().where('dedup_key', '=', key).execute();
  const messagesOf = async (pageId: string) => (await t.outbox()).filter((m) => m.key.startsWith(`oncall:${pageId}:`));

  it('pages once per dedup key when many concurrent requests repeat keys, each paged person told once', async () => {
    const keys = ['batch-a', 'batch-b', 'batch-c', 'batch-d', 'batch-e'];
    const events = Array.from({ length: 30 }, (_, i) => t.call('POST', '/api/v1/alerts/events', { routing_key: BILLING, event_action: 'trigger', dedup_key: keys[i % keys.length], payload: { summary: `Queue ${keys[i % keys.length]}`, source: 'w', severity: 'error' } }, {}));
    const groups = Array.from({ length: 10 }, (_, i) => t.call('POST', `/api/v1/alerts/alertmanager?key=${INTAKE_KEY}`, am(`BatchGroup${i % 2}`, 'payments'), {}));
    const [ev, amr] = await Promise.all([Promise.all(events), Promise.all(groups)]);
    expect(ev.map((r) => r.status)).toEqual(Array(30).fill(202));
    expect(amr.map((r) => r.status)).toEqual(Array(10).fill(200));
    for (const key of keys) {
      const pages = await pagesWithKey(key);
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatchObject({ status: 'triggered', rotation: 'team-b', assignees: JSON.stringify([`${U}ivy`]) });
      expect(await messagesOf(pages[0]!.id)).toHaveLength(1);
    }
    const triggered = amr.flatMap((r) => r.body.triggered);
    const deduplicated = amr.flatMap((r) => r.body.deduplicated);
    expect(new Set(triggered).size).toBe(2);
    expect(triggered).toHaveLength(2);
    expect(deduplicated).toHaveLength(8);
    expect(new Set(deduplicated)).toEqual(new Set(triggered));
  });

  it('takes a batch in order: repeats within it deduplicated, a trigger then a resolve of one key resolves that page, a later trigger opens a new one', async () => {
    const [out] = await takeAlertBatch(t.deps, [[
      { alert: alert('order-1'), actor: 'a' }, { alert: alert('order-2'), actor: 'a' }, { alert: alert('order-1'), actor: 'a' }, { alert: alert('order-x', 'trigger', 'orphan'), actor: 'a' },
      { alert: alert('order-2', 'resolve'), actor: 'b' }, { alert: alert('order-2'), actor: 'c' }, { alert: alert('order-3', 'acknowledge'), actor: 'c' }, { alert: alert('order-1'), actor: 'c' },
    ]]);
    expect(out!.map((o) => o.kind)).toEqual(['triggered', 'triggered', 'deduplicated', 'unrouted', 'resolved', 'triggered', 'ignored', 'deduplicated']);
    const page = (i: number) => (out![i] as { page: { id: string; number: number } }).page;
    expect(page(2).id).toBe(page(0).id);
    expect(page(7).id).toBe(page(0).id);
    expect(page(4).id).toBe(page(1).id);
    expect(page(5).id).not.toBe(page(1).id);
    expect(new Set([page(0).number, page(1).number, page(5).number]).size).toBe(3);
    const two = await pagesWithKey('order-2');
    expect(two.map((p) => [p.status, p.open]).sort()).toEqual([['resolved', 0], ['triggered', 1]]);
    const events = await t.deps.db.selectFrom('oncall_page_events').select(['kind', 'actor']).where('page_id', '=', page(1).id).orderBy('at').orderBy('id').execute();
    expect(events).toEqual([{ kind: 'triggered', actor: 'a' }, { kind: 'notified', actor: 'tally' }, { kind: 'resolved', actor: 'events (b)' }]);
    expect(await t.deps.db.selectFrom('oncall_unrouted').select('dedup_key').where('dedup_key', '=', 'order-x').execute()).toHaveLength(1);
    expect(await messagesOf(page(0).id)).toHaveLength(1);
  });

  it('opens one page per key when two transactions race with the same keys (as two processes would)', async () => {
    const items = ['race-1', 'race-2', 'race-3'].map((k) => ({ alert: alert(k), actor: 'race' }));
    const [a, b] = await Promise.all([takeAlertBatch(t.deps, [items]), takeAlertBatch(t.deps, [items])]);
    for (let i = 0; i < items.length; i++) {
      const kinds = [a![0]![i]!.kind, b![0]![i]!.kind].sort();
      expect(kinds).toEqual(['deduplicated', 'triggered']);
      const pages = await pagesWithKey(items[i]!.alert.dedupKey);
      expect(pages).toHaveLength(1);
      expect((a![0]![i] as { page: { id: string } }).page.id).toBe(pages[0]!.id);
      expect((b![0]![i] as { page: { id: string } }).page.id).toBe(pages[0]!.id);
      expect(await messagesOf(pages[0]!.id)).toHaveLength(1);
    }
  });

  it('escalates a batch of due pages exactly once each with two runners at once, with a delayed contact rule in the same batch', async () => {
    t.clock.set('2026-11-23T12:00:00Z');
    for (const p of (await t.call('GET', '/api/v1/pages?status=open&limit=500')).body.items) expect((await t.call('POST', `/api/v1/pages/${p.id}/resolve`)).status).toBe(200);
    expect((await t.call('PUT', '/api/v1/oncall/contacts/dee', { rules: [{ channel: 'chat', to: 'U0DEE' }, { channel: 'email', to: 'dee@home.test', afterMinutes: 5 }] })).status).toBe(200);
    const keys = Array.from({ length: 12 }, (_, i) => `esc-${i}`);
    const [out] = await takeAlertBatch(t.deps, [keys.map((k) => ({ alert: alert(k), actor: 'esc' }))]);
    const ids = out!.map((o) => (o as { page: { id: string } }).page.id);
    const acked = ids[11]!;
    expect((await t.call('POST', `/api/v1/pages/${acked}/ack`)).status).toBe(200);
    t.clock.advance(5 * MIN);
    const [r1, r2] = await Promise.all([fireDueTimers(t.deps), fireDueTimers(t.deps)]);
    expect(r1.escalated + r2.escalated).toBe(11);
    expect(r1.sent + r2.sent).toBe(11); // dee's mail after 5 minutes, once per unACKed page
    for (const id of ids) {
      const d = (await t.call('GET', `/api/v1/pages/${id}`)).body;
      // Who was sent what (the delayed mail's level depends on whether its timer or the escalation's came first in the batch: both fell due at once).
      const sent = (await messagesOf(id)).map((m) => `${m.key.split(':').slice(3, 5).join(':')} ${m.kind}`);
      if (id === acked) {
        expect(d.events.map((e: any) => e.kind)).toEqual(['triggered', 'notified', 'acknowledged']);
        expect(sent).toEqual([`${U}dee slack-api`]);
        continue;
      }
      expect(d.page).toMatchObject({ level: 1, escalations: 1, assignees: [{ ref: `${U}ann` }], nextEscalationAt: '2026-11-23T12:15:00.000Z' });
      expect(d.events.map((e: any) => e.kind).sort()).toEqual(['escalated', 'notified', 'notified', 'triggered']);
      expect(sent.sort()).toEqual([`${U}ann email`, `${U}dee email`, `${U}dee slack-api`]);
    }
    expect(await fireDueTimers(t.deps)).toMatchObject({ fired: 0 });
  });
});
