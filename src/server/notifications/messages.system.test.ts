// Messages through the outbox to a real Slack Web API stand-in and a real SMTP server on
// loopback: delivered once; a chat server that is down keeps the message pending (retried) and
// sends it to the fallback targets once, announcing the failover; a refusal is final.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { startSlackStandIn, startSmtpReceiver, type SlackStandIn, type SmtpReceiver } from '../testing/loopback.ts';
import type { AppDeps } from '../platform/deps.ts';
import { deliverDueNotifications, NOTIFICATION_FAILED_OVER } from './delivery.ts';
import { chatTarget, deliveriesFrom, emailTarget, enqueueMessage } from './messages.ts';

describeEachEngine('messages over chat and mail', ({ db }) => {
  let chat: SlackStandIn;
  let smtp: SmtpReceiver;
  let deps: AppDeps;
  const clock = testClock('2026-11-23T12:00:00Z');
  const message = (id: string) => ({ id, title: `Incident ${id} declared`, details: 'Checkout fails for 30 % of users.', url: 'http://tally.test/incidents/1', occurredAt: clock().toISOString(), source: `incident:${id}` });

  beforeAll(async () => {
    chat = await startSlackStandIn('xoxb-secret');
    smtp = await startSmtpReceiver();
    const config = testConfig({
      notifications: { timeoutMs: 2000, slack: { apiUrl: chat.apiUrl, token: 'xoxb-secret' }, email: { host: '127.0.0.1', port: smtp.port, from: 'Tally <tally@acme.test>' } },
      checks: { outbound: { allow: ['127.0.0.1'] } },
    });
    deps = testDeps(db(), config, clock);
  });
  afterAll(async () => {
    await chat?.close();
    await smtp?.close();
  });

  it('posts to the chat channel with chat.postMessage and mails the subscriber, once each', async () => {
    await deps.db.transaction().execute((tx) => enqueueMessage(tx, message('a'), [chatTarget('C0INCIDENT'), emailTarget('cto@acme.test')], clock()));
    expect(await deps.db.transaction().execute((tx) => enqueueMessage(tx, message('a'), [chatTarget('C0INCIDENT')], clock()))).toBe(0);
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 2, delivered: 2 });
    expect(chat.messages).toEqual([expect.objectContaining({ channel: 'C0INCIDENT', text: ':mega: Incident a declared' })]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: ['cto@acme.test'], subject: '[Tally] Incident a declared' });
    expect(smtp.mails[0].raw).toContain('Checkout fails for 30 % of users.');
    const shown = await deliveriesFrom(deps.db, 'incident:a');
    expect(shown.map((d) => [d.kind, d.target, d.status])).toEqual(expect.arrayContaining([['slack-api', 'C0INCIDENT', 'delivered'], ['email', 'cto@acme.test', 'delivered']]));
  });

  it('keeps a message for a chat server that is down, fails over to mail once, and delivers to chat when it is back', async () => {
    chat.mode = 'down';
    await deps.db.transaction().execute((tx) => enqueueMessage(tx, message('b'), [chatTarget('C0INCIDENT')], clock(), { fallback: [emailTarget('oncall@acme.test')] }));
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 1, retrying: 1 });
    const events = await deps.db.selectFrom('events').selectAll().where('type', '=', NOTIFICATION_FAILED_OVER).execute();
    expect(events.map((e) => JSON.parse(e.payload))).toEqual([{ source: 'incident:b', messageId: 'b', failed: { kind: 'slack-api', error: 'HTTP 503 from the chat server' }, fallback: [{ kind: 'email' }] }]);
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 1, delivered: 1 }); // the fallback mail; chat waits for its backoff
    expect(smtp.mails.at(-1)).toMatchObject({ to: ['oncall@acme.test'], subject: '[Tally] Incident b declared' });
    chat.mode = 'ok';
    clock.advance(31_000);
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 1, delivered: 1 });
    expect(chat.messages.at(-1)).toMatchObject({ channel: 'C0INCIDENT', text: ':mega: Incident b declared' });
    const shown = await deliveriesFrom(deps.db, 'incident:b');
    expect(shown.map((d) => [d.kind, d.fallback, d.status, d.attempts]).sort()).toEqual([['email', true, 'delivered', 1], ['slack-api', false, 'delivered', 2]]);
  });

  it('retries mail while the SMTP server answers 451, and a refused channel fails for good', async () => {
    smtp.failing = true;
    chat.mode = 'refuse';
    await deps.db.transaction().execute((tx) => enqueueMessage(tx, message('c'), [emailTarget('ops@acme.test'), chatTarget('C0GONE')], clock()));
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 2, retrying: 1, failed: 1 });
    const byKind = new Map((await deliveriesFrom(deps.db, 'incident:c')).map((d) => [d.kind, d]));
    expect(byKind.get('email')).toMatchObject({ status: 'pending', lastError: expect.stringContaining('451') });
    expect(byKind.get('slack-api')).toMatchObject({ status: 'failed', lastError: 'Slack refused: channel_not_found' });
    smtp.failing = false;
    chat.mode = 'ok';
    clock.advance(31_000);
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 1, delivered: 1 });
    expect(smtp.mails.at(-1)?.to).toEqual(['ops@acme.test']);
  });
});
