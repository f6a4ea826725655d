// Communications end to end on both engines, against a real Slack Web API stand-in and a real
// SMTP server on loopback: declared / update / resolved reach the channel and the subscribers;
// with chat down the announcement waits in the outbox, the failover mail goes out, the timeline
// says so and the page shows the failover as live; overdue updates remind the comms lead once;
// the public status page shows the announcements.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { incidentsTestApp, type IncidentsTestApp } from '../testing.ts';
import { startSlackStandIn, startSmtpReceiver, type SlackStandIn, type SmtpReceiver } from '../../testing/loopback.ts';
import { deliverDueNotifications } from '../../notifications/index.ts';
import { dispatchEvents } from '../../platform/events/events.ts';
import { remindOverdueUpdates } from './updates.ts';

describeEachEngine('incidents: communications', ({ db }) => {
  let t: IncidentsTestApp;
  let chat: SlackStandIn;
  let smtp: SmtpReceiver;
  const deliver = () => deliverDueNotifications(t.deps);

  beforeAll(async () => {
    chat = await startSlackStandIn('xoxb-incidents');
    smtp = await startSmtpReceiver();
    t = await incidentsTestApp(db(), {
      config: {
        checks: { outbound: { allow: ['127.0.0.1'] } },
        notifications: { timeoutMs: 2000, slack: { apiUrl: chat.apiUrl, token: 'xoxb-incidents' }, email: { host: '127.0.0.1', port: smtp.port, from: 'Tally <tally@acme.test>' } },
        incidents: { chat: { announceChannel: 'C0INCIDENTS' }, failover: { kind: 'email', to: ['oncall@acme.test'] } },
      },
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await chat?.close();
    await smtp?.close();
  });

  it('announces declared, updates and resolved to the chat channels and mails the subscribers', async () => {
    const { incident } = await t.declare({ chatChannel: 'C0CHECKOUT', impactStartedAt: '2026-11-23T11:50:00Z', impact: { users: { count: 1200, source: 'support' }, capabilities: [{ name: 'checkout', level: 'degraded' }] } });
    const key = `/api/v1/incidents/${incident.number}`;
    expect((await t.call('POST', `${key}/subscribers`, { address: 'CTO@acme.test' })).status).toBe(201);
    expect((await t.call('POST', `${key}/updates`, { text: 'Rolling back payments v42.' })).status).toBe(201);
    await t.call('POST', `${key}/state`, { version: 1, state: 'resolved', confirmation: { how: 'status-page', evidence: 'PSP and checkout green' } });
    expect(await deliver()).toMatchObject({ failed: 0, retrying: 0 });
    const ref = `INC-${incident.number}`;
    const lines = (what: string) => ['C0CHECKOUT', 'C0INCIDENTS'].map((c) => `${c} :mega: ${ref} ${what} (SEV2): Checkout fails`);
    expect(chat.messages.map((m) => `${m.channel} ${m.text}`).sort()).toEqual([...lines('declared'), ...lines('resolved'), ...lines('update')].sort());
    expect(chat.messages).toHaveLength(6);
    expect(smtp.mails.map((m) => m.subject)).toEqual([`[Tally] ${ref} update (SEV2): Checkout fails`, `[Tally] ${ref} resolved (SEV2): Checkout fails`]);
    expect(smtp.mails[1].to).toEqual(['cto@acme.test']);
    expect(smtp.mails[1].raw).toContain('confirmed by');
    const comms = (await t.call('GET', `${key}/comms`)).body;
    expect(comms).toMatchObject({ live: 'chat', chatChannel: 'C0CHECKOUT', failover: { kind: 'email', to: ['oncall@acme.test'] }, subscribers: ['cto@acme.test'] });
    expect(comms.deliveries.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
  });

  it('keeps the announcement when chat is down, fails over to mail, says so in the timeline, and shows the failover live', async () => {
    chat.mode = 'down';
    const sent = chat.messages.length;
    const { incident } = await t.declare({ title: 'Search down', services: ['ledger'] });
    const key = `/api/v1/incidents/${incident.number}`;
    expect(await deliver()).toMatchObject({ retrying: 1 });
    await dispatchEvents(t.deps);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(smtp.mails.at(-1)).toMatchObject({ to: ['oncall@acme.test'], subject: `[Tally] INC-${incident.number} declared (SEV2): Search down` });
    const failover = (await t.call('GET', `${key}/timeline`)).body.items.find((e: { kind: string }) => e.kind === 'failover');
    expect(failover.text).toBe('Chat delivery failed (HTTP 503 from the chat server); the failover channel (mail) took over');
    expect((await t.call('GET', `${key}/comms`)).body.live).toBe('email');
    chat.mode = 'ok';
    t.clock.advance(31_000);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(chat.messages.length).toBe(sent + 1);
    expect((await t.call('GET', `${key}/comms`)).body.live).toBe('chat');
  });

  it('reminds the communications lead once per overdue period, per the severity cadence', async () => {
    t.clock.set('2026-11-23T14:00:00Z');
    const { incident } = await t.declare({ title: 'Payments slow', severity: 'SEV1' });
    await t.call('POST', `/api/v1/incidents/${incident.number}/roles`, { role: 'comms', person: 'alice' });
    await remindOverdueUpdates(t.deps); // the earlier tests' incidents, overdue by now
    t.clock.set('2026-11-23T14:20:00Z');
    expect(await remindOverdueUpdates(t.deps)).toBe(0);
    expect((await t.call('GET', `/api/v1/incidents/${incident.number}`)).body.incident.comms).toMatchObject({ updateEveryMinutes: 30, updateDueAt: '2026-11-23T14:30:00.000Z', updateOverdue: false });
    t.clock.set('2026-11-23T14:31:00Z');
    expect(await remindOverdueUpdates(t.deps)).toBe(1);
    expect(await remindOverdueUpdates(t.deps)).toBe(0);
    await deliver();
    expect(chat.messages.at(-1)?.text).toBe(`:mega: INC-${incident.number} update overdue (SEV1): Payments slow`);
    expect(JSON.stringify(chat.messages.at(-1)?.blocks)).toContain('@alice: an update on');
    await t.call('POST', `/api/v1/incidents/${incident.number}/updates`, { text: 'Still rolling back.' });
    t.clock.set('2026-11-23T15:02:00Z');
    expect(await remindOverdueUpdates(t.deps)).toBe(1);
  });

  it('publishes announcements on the public status page, drills left out', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/status-page' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('incidents under way');
    expect(page.body).toContain('Payments slow');
    expect(page.body).toContain('Still rolling back.');
    const json = (await t.app.inject({ method: 'GET', url: '/api/v1/status-page' })).json();
    expect(json.incidents.find((i: { title: string }) => i.title === 'Payments slow').announcements[0].text).toBe('Still rolling back.');
  });
});
