// The chat button end to end on both engines: a page to a person whose contact rule is chat goes
// to a real Slack Web API stand-in on loopback with an "Acknowledge" button; pressing it (an
// interaction request signed with the Slack signing secret, as Slack signs) ACKs the page as the
// chat user; an unsigned press is 401 and changes nothing.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { startSlackStandIn, type SlackStandIn } from '../../testing/loopback.ts';
import { INTAKE_KEY, oncallTestApp, type OncallTestApp } from '../testing.ts';
import { deliverDueNotifications } from '../../notifications/index.ts';

const SIGNING = 'a-slack-signing-secret-for-tests';

describeEachEngine('on-call: the Acknowledge button in chat', ({ db }) => {
  let t: OncallTestApp;
  let chat: SlackStandIn;
  beforeAll(async () => {
    chat = await startSlackStandIn('xoxb-oncall');
    t = await oncallTestApp(db(), {
      config: {
        checks: { outbound: { allow: ['127.0.0.1'] } },
        notifications: { timeoutMs: 5000, slack: { apiUrl: chat.apiUrl, token: 'xoxb-oncall' } },
        incidents: { chat: { signingSecret: SIGNING } },
      },
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await chat?.close();
  });

  const press = (payload: unknown, signed = true) => {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const ts = String(Math.floor(t.deps.clock().getTime() / 1000));
    const signature = `v0=${createHmac('sha256', SIGNING).update(`v0:${ts}:${body}`).digest('hex')}`;
    return t.app.inject({ method: 'POST', url: '/api/v1/chat/slack/interactions', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signed ? { 'x-slack-request-timestamp': ts, 'x-slack-signature': signature } : {}) }, payload: body });
  };

  it('sends the page to chat with an Acknowledge button, and the signed press ACKs it', async () => {
    expect((await t.call('PUT', '/api/v1/oncall/contacts/dee', { rules: [{ channel: 'chat', to: 'U0DEE', afterMinutes: 0 }] })).status).toBe(200);
    const fired = await t.call('POST', `/api/v1/alerts/alertmanager?key=${INTAKE_KEY}`, { version: '4', groupKey: 'g-chat', status: 'firing', receiver: 'tally', groupLabels: {}, commonLabels: { alertname: 'CheckoutSlow', service: 'checkout' }, alerts: [{ status: 'firing', labels: { alertname: 'CheckoutSlow', service: 'checkout' } }] }, {});
    const key = fired.body.triggered[0] as string;
    expect(await deliverDueNotifications(t.deps)).toMatchObject({ failed: 0, retrying: 0 });
    const message = chat.messages.find((m) => m.text.includes(`[${key}]`));
    expect(message).toMatchObject({ channel: 'U0DEE' });
    const blocks = (typeof message!.blocks === 'string' ? JSON.parse(message!.blocks) : message!.blocks) as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    const button = blocks.find((b) => b.type === 'actions')!.elements![0]!;
    expect(button).toMatchObject({ action_id: 'page:ack', text: { text: 'Acknowledge' } });

    const payload = { type: 'block_actions', user: { id: 'U0DEE', username: 'dee' }, channel: { id: 'U0DEE' }, actions: [{ action_id: button.action_id, value: button.value }] };
    expect((await press(payload, false)).statusCode).toBe(401);
    expect((await t.call('GET', `/api/v1/pages/${key}`)).body.page.status).toBe('triggered');
    const res = await press(payload);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ response_type: 'in_channel', text: `${key} acknowledged by slack:dee: the escalation stops.` });
    const d = (await t.call('GET', `/api/v1/pages/${key}`)).body;
    expect(d.page).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'slack:dee', nextEscalationAt: null });
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['triggered', 'notified', 'acknowledged']);
  });
});
