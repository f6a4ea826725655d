// On-call over HTTP on both engines: who is on call, alerts from Alertmanager and the Events API
// routed to the one person on call (deduplicated, never broadcast, unrouted ones reported),
// escalation timers, ACK by signed link (403 when altered or expired), overrides (409 on
// overlap), contact rules with delays, the shift-start page, iCalendar feeds read back with
// ical.js, and bad rotation documents refused naming file, document and field.
import ICAL from 'ical.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { INTAKE_KEY, oncallRotations, oncallTestApp, type OncallTestApp } from './testing.ts';
import { fireDueTimers } from './pages/escalate.ts';
import { pageShiftStarts } from './pages/shift-start.ts';

const U = 'user:default/';
const MIN = 60_000;

function amPayload(group: string, status: 'firing' | 'resolved', labels: Record<string, string>, summary = 'Checkout error rate above 5 %') {
  return {
    version: '4', groupKey: `{}:{alertname="${group}"}`, truncatedAlerts: 0, status, receiver: 'tally', groupLabels: { alertname: group }, commonLabels: { alertname: group, ...labels }, commonAnnotations: { summary },
    externalURL: 'http://alertmanager.acme.test', alerts: [{ status, labels: { alertname: group, ...labels, instance: 'pod-1' }, annotations: { summary }, startsAt: '2026-11-23T11:59:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.acme.test/graph', fingerprint: `fp-${group}` }],
  };
}

describeEachEngine('on-call', ({ db }) => {
  let t: OncallTestApp;
  const am = (body: unknown, q = `?key=${INTAKE_KEY}`) => t.call('POST', `/api/v1/alerts/alertmanager${q}`, body, {});
  const fire = () => fireDueTimers(t.deps);
  beforeAll(async () => {
    t = await oncallTestApp(db());
  });
  afterAll(async () => t?.app.close());

  it('says who is on call now per team, across time zones, with the next person', async () => {
    const now = await t.call('GET', '/api/v1/oncall/now');
    expect(now.status).toBe(200);
    const rows = now.body.teams.flatMap((team: any) => team.rotations.map((r: any) => [team.team, r.name, r.now?.person.ref, r.next?.person.ref]));
    expect(rows).toEqual([
      ['group:default/team-a', 'team-a-primary', `${U}dee`, `${U}eve`],
      ['group:default/team-a', 'team-a-secondary', `${U}ann`, `${U}bob`],
      ['group:default/team-b', 'team-b', `${U}ivy`, `${U}jo`],
    ]);
    const b = (await t.call('GET', '/api/v1/rotations/team-b')).body;
    expect(b.now).toMatchObject({ start: '2026-11-16T15:00:00.000Z', end: '2026-11-23T15:00:00.000Z', person: { name: 'Ivy Example', email: 'ivy@acme.test' } });
  });

  it('pages the one person on call for an Alertmanager group, once: a repeat is deduplicated, and the group resolving resolves it', async () => {
    const first = await am(amPayload('CheckoutErrors', 'firing', { service: 'checkout' }));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ triggered: [expect.stringMatching(/^P-\d+$/)], deduplicated: [], unrouted: [] });
    const key = first.body.triggered[0];
    const again = await am(amPayload('CheckoutErrors', 'firing', { service: 'checkout' }));
    expect(again.body).toMatchObject({ triggered: [], deduplicated: [key] });
    const page = (await t.call('GET', `/api/v1/pages/${key}`)).body.page;
    expect(page).toMatchObject({ status: 'triggered', rotation: 'team-a-primary', service: 'component:default/checkout', assignees: [{ ref: `${U}dee` }], title: 'CheckoutErrors: Checkout error rate above 5 %', nextEscalationAt: '2026-11-23T12:05:00.000Z' });
    const sent = (await t.outbox()).filter((m) => m.key.startsWith(`oncall:${page.id}`));
    expect(sent).toHaveLength(1); // one person, one message: never a broadcast
    expect(sent[0]).toMatchObject({ kind: 'email', key: expect.stringContaining(`:${U}dee:0`), url: expect.stringMatching(/^https:\/\/tally\.acme\.test\/oncall\/ack\?token=/) });
    expect(sent[0]!.details).toContain(`Acknowledge: ${sent[0]!.url}`);
    const resolved = await am(amPayload('CheckoutErrors', 'resolved', { service: 'checkout' }));
    expect(resolved.body).toMatchObject({ resolved: [key] });
    expect((await t.call('GET', `/api/v1/pages/${key}`)).body.page).toMatchObject({ status: 'resolved', resolvedBy: expect.stringContaining('alertmanager') });
    expect(await fire()).toMatchObject({ escalated: 0 }); // its timer went with it
  });

  it('ACKs from the signed link in the message; an altered or expired link is a 403', async () => {
    const key = (await am(amPayload('PaymentsLatency', 'firing', { service: 'payments' }))).body.triggered[0];
    const id = (await t.call('GET', `/api/v1/pages/${key}`)).body.page.id;
    const url = (await t.outbox()).find((m) => m.key.startsWith(`oncall:${id}`))!.url!;
    const token = new URL(url).searchParams.get('token')!;
    const info = await t.call('GET', `/api/v1/oncall/ack?token=${encodeURIComponent(token)}`, undefined, {});
    expect(info.body).toMatchObject({ page: { status: 'triggered' }, person: { ref: `${U}dee` }, expiresAt: '2026-11-24T12:00:00.000Z' });
    const altered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
    expect((await t.call('POST', '/api/v1/oncall/ack', { token: altered }, {})).status).toBe(403);
    const forged = `${Buffer.from(JSON.stringify([id, `${U}mallory`, 2e9])).toString('base64url')}.${token.split('.')[1]}`;
    expect((await t.call('POST', '/api/v1/oncall/ack', { token: forged }, {})).status).toBe(403);
    t.clock.advance(2 * MIN);
    const acked = await t.call('POST', '/api/v1/oncall/ack', { token }, {});
    expect(acked.status).toBe(200);
    expect(acked.body.page).toMatchObject({ status: 'acknowledged', acknowledgedBy: `${U}dee (link)`, acknowledgedAt: '2026-11-23T12:02:00.000Z', nextEscalationAt: null });
    expect(acked.body.events.map((e: any) => e.kind)).toEqual(['triggered', 'notified', 'acknowledged']);
    t.clock.advance(24 * 60 * MIN);
    const expired = await t.call('POST', '/api/v1/oncall/ack', { token }, {});
    expect(expired.status).toBe(403);
    expect(expired.body.error.message).toBe('the ACK link expired at 2026-11-24T12:00:00.000Z');
    t.clock.set('2026-11-23T12:00:00Z');
  });

  it('escalates an unACKed page primary → secondary rotation → lead, repeats the policy once, then stops; each timer fires once', async () => {
    t.clock.set('2026-11-23T12:00:00Z');
    const key = (await am(amPayload('CheckoutDown', 'firing', { service: 'checkout' }))).body.triggered[0];
    const people = async () => (await t.call('GET', `/api/v1/pages/${key}`)).body.page.assignees.map((p: any) => p.ref);
    expect(await people()).toEqual([`${U}dee`]);
    t.clock.advance(4 * MIN);
    expect(await fire()).toMatchObject({ fired: 0 });
    t.clock.advance(1 * MIN);
    const [a, b] = await Promise.all([fire(), fire()]); // two runners at once: one fires it
    expect(a.escalated + b.escalated).toBe(1);
    expect(await people()).toEqual([`${U}ann`]);
    t.clock.advance(10 * MIN);
    await fire();
    expect(await people()).toEqual([`${U}lead`]);
    t.clock.advance(10 * MIN);
    await fire();
    expect(await people()).toEqual([`${U}dee`]); // round 2
    for (let i = 0; i < 4; i++) {
      t.clock.advance(10 * MIN);
      await fire();
    }
    const d = (await t.call('GET', `/api/v1/pages/${key}`)).body;
    expect(d.page).toMatchObject({ status: 'triggered', escalations: 5, round: 1, level: 2, nextEscalationAt: null });
    expect(d.events.map((e: any) => e.kind)).toEqual(['triggered', 'notified', 'escalated', 'escalated', 'repeated', 'escalated', 'escalated', 'exhausted']);
    const sentTo = (await t.outbox()).filter((m) => m.key.startsWith(`oncall:${d.page.id}`)).map((m) => m.key.split(':').slice(2, 5).join(':'));
    expect(sentTo).toEqual(['0.0:user:default/dee', '0.1:user:default/ann', '0.2:user:default/lead', '1.0:user:default/dee', '1.1:user:default/ann', '1.2:user:default/lead']);
    expect((await t.call('POST', `/api/v1/pages/${key}/resolve`)).body.page.status).toBe('resolved');
    t.clock.set('2026-11-23T12:00:00Z');
  });

  it('reports alerts that match no rotation on their own page and sends them to nobody; selectors route by labels', async () => {
    const before = (await t.outbox()).length;
    const r = await am(amPayload('OrphanDown', 'firing', { service: 'orphan' }));
    t.clock.advance(1000);
    expect(r.body).toMatchObject({ triggered: [], unrouted: [{ reason: expect.stringContaining('component:default/orphan has no rotation') }] });
    const unknown = await am(amPayload('Mystery', 'firing', { service: 'no-such-thing' }));
    t.clock.advance(1000);
    expect(unknown.body.unrouted[0].reason).toBe('the service no-such-thing is not in the catalog');
    const bare = await am(amPayload('NoLabels', 'firing', { env: 'prod' }));
    expect(bare.body.unrouted[0].reason).toMatch(/^no service/);
    expect((await t.outbox()).length).toBe(before);
    const list = (await t.call('GET', '/api/v1/oncall/unrouted')).body.items;
    expect(list.slice(0, 3).map((u: any) => u.title)).toEqual(['NoLabels: Checkout error rate above 5 %', 'Mystery: Checkout error rate above 5 %', 'OrphanDown: Checkout error rate above 5 %']);
    const matched = await am(amPayload('SearchSlow', 'firing', { job: 'search-api', env: 'prod' }));
    const page = (await t.call('GET', `/api/v1/pages/${matched.body.triggered[0]}`)).body.page;
    expect(page).toMatchObject({ service: 'component:default/search', rotation: 'team-a-primary' });
  });

  it('takes PagerDuty Events API v2: trigger by routing key, acknowledge and resolve by dedup_key; refuses bad events storing nothing', async () => {
    const ev = (body: Record<string, unknown>, q = '') => t.call('POST', `/api/v1/alerts/events${q}`, body, {});
    const pagesBefore = (await t.call('GET', '/api/v1/pages?limit=500')).body.items.length;
    const bad = await ev({ routing_key: 'R0UTINGKEYBILLING0000000000000001', event_action: 'trigger', payload: { summary: 'x', source: 'y', severity: 'fatal' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: any) => p.field)).toEqual(['body.payload.severity']);
    expect((await ev({ routing_key: 'R0UTINGKEYBILLING0000000000000001', event_action: 'resolve' })).body.error.problems[0].field).toBe('body.dedup_key');
    expect((await ev({ routing_key: 'NOTAKNOWNKEY', event_action: 'trigger', payload: { summary: 'x', source: 'y', severity: 'error' } })).status).toBe(401);
    expect((await t.call('GET', '/api/v1/pages?limit=500')).body.items.length).toBe(pagesBefore);
    const trig = await ev({ routing_key: 'R0UTINGKEYBILLING0000000000000001', event_action: 'trigger', dedup_key: 'billing-queue-1', payload: { summary: 'Invoice queue backed up', source: 'worker-3', severity: 'critical', custom_details: { queue: 'invoices', depth: 18000 } } });
    expect(trig.status).toBe(202);
    expect(trig.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'billing-queue-1' });
    const page = (await t.call('GET', '/api/v1/pages?status=open&rotation=team-b')).body.items[0];
    expect(page).toMatchObject({ title: 'Invoice queue backed up', service: 'component:default/billing', assignees: [{ ref: `${U}ivy` }], labels: { queue: 'invoices', depth: '18000', severity: 'critical' } });
    await ev({ routing_key: 'R0UTINGKEYBILLING0000000000000001', event_action: 'acknowledge', dedup_key: 'billing-queue-1' });
    expect((await t.call('GET', `/api/v1/pages/${page.id}`)).body.page.status).toBe('acknowledged');
    await ev({ routing_key: 'R0UTINGKEYANY0000000000000000002', event_action: 'resolve', dedup_key: 'billing-queue-1' });
    expect((await t.call('GET', `/api/v1/pages/${page.id}`)).body.page.status).toBe('resolved');
    const viaComponent = await ev({ routing_key: 'R0UTINGKEYANY0000000000000000002', event_action: 'trigger', payload: { summary: 'Card auth failing', source: 'pay-1', severity: 'error', component: 'payments' } });
    expect(viaComponent.status).toBe(202);
  });

  it('refuses a malformed Alertmanager payload with 400 naming the field and stores nothing; no credentials is 401', async () => {
    const before = (await t.call('GET', '/api/v1/pages?limit=500')).body.items.length;
    const bad = await am({ ...amPayload('X', 'firing', { service: 'checkout' }), version: '3' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: any) => p.field)).toEqual(['body.version']);
    const noAlerts = await am({ ...amPayload('X', 'firing', { service: 'checkout' }), alerts: [] });
    expect(noAlerts.body.error.problems.map((p: any) => p.field)).toEqual(['body.alerts']);
    expect((await am(amPayload('X', 'firing', { service: 'checkout' }), '')).status).toBe(401);
    expect((await am(amPayload('X', 'firing', { service: 'checkout' }), '?key=wrong-key-of-some-length')).status).toBe(401);
    expect((await t.call('GET', '/api/v1/pages?limit=500')).body.items.length).toBe(before);
    const asEditor = await t.call('POST', '/api/v1/alerts/alertmanager', amPayload('ViaToken', 'firing', { service: 'billing' }));
    expect(asEditor.body.triggered).toHaveLength(1);
  });

  it('takes overrides (409 when they overlap, 400 naming an unknown user) and pages whoever covers', async () => {
    const body = { user: 'fay', covers: 'dee', from: '2026-11-23T13:00:00+01:00', to: '2026-11-23T18:00:00Z' };
    const made = await t.call('POST', '/api/v1/rotations/team-a-primary/overrides', body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ user: `${U}fay`, covers: `${U}dee`, from: '2026-11-23T12:00:00.000Z', to: '2026-11-23T18:00:00.000Z' });
    const clash = await t.call('POST', '/api/v1/rotations/team-a-primary/overrides', { user: 'bob', from: '2026-11-23T17:00:00Z', to: '2026-11-23T19:00:00Z' });
    expect(clash.status).toBe(409);
    const ghost = await t.call('POST', '/api/v1/rotations/team-a-primary/overrides', { user: 'ghost', from: '2026-11-25T17:00:00Z', to: '2026-11-25T19:00:00Z' });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.problems[0]).toMatchObject({ field: 'body.user', message: 'unknown user user:default/ghost: no such User in the catalog' });
    expect((await t.call('GET', '/api/v1/rotations/team-a-primary')).body.now).toMatchObject({ person: { ref: `${U}fay` }, override: { covers: `${U}dee` } });
    const key = (await am(amPayload('CheckoutSlow', 'firing', { service: 'checkout' }))).body.triggered[0];
    expect((await t.call('GET', `/api/v1/pages/${key}`)).body.page.assignees[0].ref).toBe(`${U}fay`);
    expect((await t.call('DELETE', `/api/v1/rotations/team-a-primary/overrides/${made.body.id}`)).status).toBe(204);
    expect((await t.call('GET', '/api/v1/rotations/team-a-primary')).body.now.person.ref).toBe(`${U}dee`);
  });

  it('follows personal rules: chat at once, mail after 5 minutes unless ACKed by then', async () => {
    const put = await t.call('PUT', '/api/v1/oncall/contacts/ivy', { rules: [{ channel: 'chat', to: 'U0IVY' }, { channel: 'email', to: 'ivy@home.test', afterMinutes: 5 }] });
    expect(put.status).toBe(200);
    expect((await t.call('PUT', '/api/v1/oncall/contacts/ivy', { rules: [{ channel: 'webhook', to: 'ftp://x' }] })).body.error.problems[0].field).toBe('body.rules[0].to');
    const mine = (id: string) => t.outbox().then((o) => o.filter((m) => m.key.startsWith(`oncall:${id}`)).map((m) => m.kind));
    const one = (await t.call('GET', `/api/v1/pages/${(await am(amPayload('BillingA', 'firing', { service: 'billing' }))).body.triggered[0]}`)).body.page;
    const two = (await t.call('GET', `/api/v1/pages/${(await am(amPayload('BillingB', 'firing', { service: 'billing' }))).body.triggered[0]}`)).body.page;
    expect(await mine(one.id)).toEqual(['slack-api']);
    await t.call('POST', `/api/v1/pages/${two.id}/ack`);
    t.clock.advance(5 * MIN);
    expect(await fire()).toMatchObject({ sent: 1 });
    expect(await mine(one.id)).toEqual(['slack-api', 'email']);
    expect(await mine(two.id)).toEqual(['slack-api']);
    t.clock.set('2026-11-23T12:00:00Z');
  });

  it('reports load and fatigue per rotation: pages, off-hours, time to ACK, escalations, hours on call, the noisiest alerts', async () => {
    t.clock.set('2026-11-23T13:00:00Z');
    const stats = (await t.call('GET', '/api/v1/rotations/team-a-primary/stats?days=30')).body;
    t.clock.set('2026-11-23T12:00:00Z');
    expect(stats.health).toMatchObject({ people: 6, gapHours: 0, doubleBooked: [] });
    const pages = (await t.call('GET', '/api/v1/pages?rotation=team-a-primary&limit=500')).body.items.filter((p: any) => p.origin !== 'shift-start');
    expect(stats.load.pages).toBe(pages.length);
    expect(stats.load.escalations).toBe(pages.reduce((n: number, p: any) => n + p.escalations, 0));
    expect(stats.load.medianMinutesToAck).toBe(2); // the one ACKed by its link, two minutes in
    expect(stats.load.noisiest).toContainEqual({ title: 'CheckoutErrors: Checkout error rate above 5 %', pages: 1 });
    expect(stats.load.noisiest.length).toBe(pages.length); // each alert paged once: nothing noisier than another
    expect(stats.load.perPerson.find((p: any) => p.user === `${U}dee`).pages).toBeGreaterThan(0);
  });

  it('pages the incoming person when a shift starts, once, and escalates to the outgoing one when unACKed', async () => {
    t.clock.set('2026-11-24T08:00:40Z'); // 09:00:40 in Berlin: dee hands over to eve
    const n = await pageShiftStarts(t.deps);
    expect(n).toBe(2); // team-a primary and secondary
    expect(await pageShiftStarts(t.deps)).toBe(0);
    const page = (await t.call('GET', '/api/v1/pages?status=open&rotation=team-a-primary')).body.items.find((p: any) => p.origin === 'shift-start');
    expect(page).toMatchObject({ title: 'Your on-call shift on Team A primary has started', assignees: [{ ref: `${U}eve` }] });
    t.clock.advance(15 * MIN);
    await fire();
    expect((await t.call('GET', `/api/v1/pages/${page.id}`)).body.page.assignees.map((p: any) => p.ref)).toEqual([`${U}dee`]);
    const acked = (await t.call('POST', `/api/v1/pages/${page.id}/ack`)).body.page;
    expect(acked).toMatchObject({ status: 'resolved', acknowledgedAt: '2026-11-24T08:15:40.000Z' });
    t.clock.set('2026-11-23T12:00:00Z');
  });

  it('serves iCalendar feeds per rotation and per person that a real parser reads back as the shifts', async () => {
    const res = await t.call('GET', '/api/v1/rotations/team-a-primary/calendar.ics', undefined, {});
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(res.text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const shifts = (await t.call('GET', '/api/v1/rotations/team-a-primary/shifts?from=2026-11-16T12:00:00Z&to=2027-02-15T12:00:00Z')).body.shifts;
    expect(events.length).toBe(92); // 16 November to 15 February, a shift a day
    const byStart = new Map(shifts.map((s: any) => [s.start, s]));
    for (const e of events.slice(0, 20)) {
      const s: any = byStart.get(e.startDate.toJSDate().toISOString());
      expect(s, e.summary).toBeDefined();
      expect(e.endDate.toJSDate().toISOString()).toBe(s.end);
      expect(e.summary).toBe(`On call: ${s.person.name} (Team A primary)`);
    }
    // Across the change to winter time nothing moves: Berlin handoffs stay at 09:00 (08:00Z in winter).
    expect(events.every((e) => e.startDate.toJSDate().toISOString().endsWith('T08:00:00.000Z'))).toBe(true);
    const mine = new ICAL.Component(ICAL.parse((await t.call('GET', '/api/v1/oncall/people/ivy/calendar.ics', undefined, {})).text));
    const ivy = mine.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(ivy.length).toBeGreaterThan(2);
    expect(ivy.every((e) => e.summary === 'On call: Ivy Example (team-b)')).toBe(true);
    expect((ivy[1]!.endDate.toJSDate().getTime() - ivy[1]!.startDate.toJSDate().getTime()) / 3_600_000).toBe(168);
  });

  it('refuses a bad rotation document naming file, document and field, keeping the previous rotations', async () => {
    writeFileSync(join(t.dir, 'rotations.yaml'), `${oncallRotations()}---
apiVersion: tally.dev/v1
kind: Rotation
metadata: { name: broken }
spec:
  owner: team-b
  timeZone: Europe/Nowhere
  layers: [{ name: a, start: '2026-11-02', members: [gus, nobody] }]
`);
    const r = await t.refresh();
    const step = r.sources.find((o: any) => o.source === 'documents: Rotation');
    expect(step).toMatchObject({ status: 'failed' });
    expect(step.problems.map((p: any) => [p.file.endsWith('rotations.yaml'), p.doc, p.field, p.message])).toEqual([[true, 3, 'spec.timeZone', 'unknown time zone "Europe/Nowhere": use an IANA name such as Europe/Berlin']]);
    writeFileSync(join(t.dir, 'rotations.yaml'), oncallRotations().replace('members: [gus, hal, ivy, jo]', 'members: [gus, hal, ivy, nobody]'));
    const r2 = await t.refresh();
    const step2 = r2.sources.find((o: any) => o.source === 'documents: Rotation');
    expect(step2.problems.map((p: any) => [p.doc, p.field, p.message])).toEqual([[2, 'spec.layers[0].members[3]', 'unknown user user:default/nobody: no such User in the catalog']]);
    expect((await t.call('GET', '/api/v1/rotations')).body.items.map((x: any) => x.name)).toEqual(['team-a-primary', 'team-a-secondary', 'team-b']);
    expect((await t.call('GET', '/api/v1/rotations/team-b')).body.layers[0].members).toEqual([`${U}gus`, `${U}hal`, `${U}ivy`, `${U}jo`]);
    writeFileSync(join(t.dir, 'rotations.yaml'), oncallRotations());
    await t.refresh();
  });

  it('takes rotations through the API too: refused naming the field, 409 for a name the sources own', async () => {
    const doc = { apiVersion: 'tally.dev/v1', kind: 'Rotation', metadata: { name: 'team-c' }, spec: { owner: 'team-c', timeZone: 'Asia/Tokyo', layers: [{ name: 'a', start: '2026-11-01', members: ['gus', 'hal'] }] } };
    const made = await t.call('PUT', '/api/v1/rotations/team-c', doc);
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ name: 'team-c', origin: 'api', timeZone: 'Asia/Tokyo' });
    const routed = await am(amPayload('OrphanAgain', 'firing', { service: 'orphan' }));
    expect(routed.body.triggered).toHaveLength(1);
    const bad = await t.call('PUT', '/api/v1/rotations/team-c', { ...doc, spec: { ...doc.spec, layers: [{ name: 'a', start: '2026-11-01', members: ['zed'] }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems[0]).toMatchObject({ file: 'body', field: 'spec.layers[0].members[0]' });
    expect((await t.call('PUT', '/api/v1/rotations/team-b', { ...doc, metadata: { name: 'team-b' } })).status).toBe(409);
    expect((await t.call('DELETE', '/api/v1/rotations/team-c')).status).toBe(204);
    expect((await t.call('GET', '/api/v1/rotations/team-c')).status).toBe(404);
  });

  it('declares an incident from a page: the incident links the page, the page shows its incident, a second time is 409', async () => {
    t.clock.set('2026-11-23T12:00:00Z');
    const key = (await am(amPayload('PaymentsDown', 'firing', { service: 'payments' }))).body.triggered[0];
    expect((await t.call('POST', `/api/v1/pages/${key}/incident`, { severity: 'SEV9' })).status).toBe(400);
    t.clock.advance(3 * MIN);
    const made = await t.call('POST', `/api/v1/pages/${key}/incident`, { severity: 'SEV1' });
    expect(made.status).toBe(201);
    const inc = made.body.page.incident as string;
    expect(inc).toMatch(/^INC-\d+$/);
    expect(made.body.events.at(-1)).toMatchObject({ kind: 'incident', text: `Declared incident ${inc} (SEV1) from this page` });
    expect((await t.call('GET', `/api/v1/pages/${key}`)).body.page.incident).toBe(inc);
    const incident = (await t.call('GET', `/api/v1/incidents/${inc}`)).body.incident;
    expect(incident).toMatchObject({ title: 'PaymentsDown: Checkout error rate above 5 %', severity: 'SEV1', services: ['component:default/payments'], source: { via: 'page', url: `https://tally.acme.test/oncall?page=${key}`, title: expect.stringMatching(new RegExp(`^${key}: PaymentsDown`)), firedAt: '2026-11-23T12:00:00.000Z' } });
    expect((await t.call('POST', `/api/v1/pages/${key}/incident`, {})).status).toBe(409);
    await t.call('POST', `/api/v1/pages/${key}/resolve`);
  });
});
