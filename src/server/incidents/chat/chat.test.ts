// ChatOps over HTTP on both engines, with requests signed exactly as Slack signs them: unsigned,
// mis-signed, stale and replayed requests are 401 and store nothing; the slash command declares,
// shows, moves, assigns, notes and resolves; the buttons join, take over and confirm.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { incidentsTestApp, type IncidentsTestApp } from '../testing.ts';
import { parseCommand } from './parse.ts';
import { slackSignature } from './verify.ts';

const SECRET = 'slack-signing-secret-for-tests';

describeEachEngine('incidents: chat', ({ db }) => {
  let t: IncidentsTestApp;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  async function post(path: 'commands' | 'interactions', body: string, opts: { secret?: string; at?: number; headers?: Record<string, string> } = {}) {
    const ts = String(opts.at ?? Math.floor(t.clock().getTime() / 1000));
    const headers = opts.headers ?? { 'x-slack-request-timestamp': ts, 'x-slack-signature': slackSignature(opts.secret ?? SECRET, ts, body) };
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/chat/slack/${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: body });
    return { status: res.statusCode, body: res.json() };
  }
  const command = (text: string, user = 'alice') => post('commands', form({ command: '/incident', text, user_id: `U${user.toUpperCase()}`, user_name: user, channel_id: 'C0CHECKOUT', team_id: 'T1' }));
  const counts = async () => ({
    incidents: Number((await t.deps.db.selectFrom('incidents').select(t.deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    seen: Number((await t.deps.db.selectFrom('incident_chat_requests').select(t.deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    t = await incidentsTestApp(db(), { config: { incidents: { chat: { signingSecret: SECRET } } } });
  });
  afterAll(async () => t?.app.close());

  it('refuses unsigned, mis-signed, stale and replayed requests with 401, storing nothing', async () => {
    const body = form({ command: '/incident', text: 'declare SEV1 Checkout down', user_name: 'mallory', channel_id: 'C0X' });
    const before = await counts();
    expect((await post('commands', body, { headers: {} })).status).toBe(401);
    expect((await post('commands', body, { secret: 'wrong-secret-wrong-secret' })).status).toBe(401);
    const stale = await post('commands', body, { at: Math.floor(t.clock().getTime() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.message).toContain('more than 5 minutes old');
    expect((await post('commands', `${body}&text=declare+SEV1+Other`, { headers: { 'x-slack-request-timestamp': String(Math.floor(t.clock().getTime() / 1000)), 'x-slack-signature': slackSignature(SECRET, String(Math.floor(t.clock().getTime() / 1000)), body) } })).status).toBe(401);
    expect(await counts()).toEqual(before);
    const ts = String(Math.floor(t.clock().getTime() / 1000));
    const headers = { 'x-slack-request-timestamp': ts, 'x-slack-signature': slackSignature(SECRET, ts, body) };
    expect((await post('commands', body, { headers })).status).toBe(200);
    const replay = await post('commands', body, { headers });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toContain('replay');
    expect(await counts()).toEqual({ incidents: before.incidents + 1, seen: before.seen + 1 });
  });

  it('runs the incident from chat: declare, status, role, note, resolve with a confirmation button', async () => {
    const declared = await command('declare SEV2 services=checkout,payments Card payments failing');
    expect(declared.body).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^Declared INC-\d+ · SEV2 · investigating · Card payments failing/) });
    const ref = /INC-\d+/.exec(declared.body.text)![0];
    const page = (await t.call('GET', `/api/v1/incidents/${ref}`)).body.incident;
    expect(page).toMatchObject({ source: { via: 'chat' }, comms: { chatChannel: 'C0CHECKOUT' }, services: ['component:default/checkout', 'component:default/payments'], roles: { manager: { person: 'slack:alice' } } });
    expect((await command('status')).body.text).toBe(`${ref} · SEV2 · investigating · Card payments failing`);
    expect((await command(`role ${ref} manager <@UBOB|bob>`)).body.text).toBe(`${ref}: bob is now the incident manager`);
    expect((await command('note The PSP shows 502s since 11:58')).body.text).toBe(`Noted in ${ref}'s timeline.`);
    const refused = await command('status mitigating');
    expect(refused.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('impact assessment') });
    const ask = (await command('resolve')).body;
    expect(ask.blocks[1].elements.map((b: { action_id: string }) => b.action_id)).toEqual(['resolve:metric', 'resolve:status-page', 'resolve:customer-report']);
    await t.call('PATCH', `/api/v1/incidents/${ref}`, { version: page.version, impactStartedAt: '2026-11-23T11:50:00Z' });
    await t.call('PUT', `/api/v1/incidents/${ref}/impact`, { version: page.version + 1, impact: { users: { percent: 40, source: 'PSP dashboard' }, capabilities: [{ name: 'card payments', level: 'down' }] } });
    const press = await post('interactions', form({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'UCAROL', username: 'carol' }, channel: { id: 'C0CHECKOUT' }, actions: [ask.blocks[1].elements[0]] }) }));
    expect(press.body.text).toBe(`${ref} resolved: user impact is gone (metric, confirmed by slack:carol).`);
    const resolved = (await t.call('GET', `/api/v1/incidents/${ref}`)).body.incident;
    expect(resolved).toMatchObject({ state: 'resolved', confirmation: { how: 'metric', by: 'slack:carol' } });
    const kinds = (await t.call('GET', `/api/v1/incidents/${ref}/timeline`)).body.items.map((e: { author: string; kind: string }) => `${e.author} ${e.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['slack:alice declared', 'slack:alice role', 'slack:alice note', 'slack:carol state']));
  });

  it('joins through the declare message button, and explains bad commands privately', async () => {
    const declared = (await command('declare Search is slow')).body;
    const join = declared.blocks[1].elements[0];
    const res = await post('interactions', form({ payload: JSON.stringify({ user: { id: 'UDAN', username: 'dan' }, channel: { id: 'C0CHECKOUT' }, actions: [join] }) }));
    expect(res.body.text).toMatch(/^INC-\d+: slack:dan is now a responder$/);
    expect((await command('frobnicate')).body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('unknown subcommand "frobnicate"') });
    expect((await command('status INC-9999')).body.text).toContain('no incident INC-9999');
    expect((await post('interactions', form({ payload: 'not json' }))).status).toBe(400);
  });
});

it('parses the slash command grammar', () => {
  expect(parseCommand('declare sev1 services=a,b Checkout down')).toEqual({ verb: 'declare', severity: 'SEV1', services: ['a', 'b'], title: 'Checkout down' });
  expect(parseCommand('status inc-4 monitoring rolled back')).toEqual({ verb: 'status', incident: 'INC-4', state: 'monitoring', note: 'rolled back' });
  expect(parseCommand('role comms @erin')).toEqual({ verb: 'role', incident: undefined, role: 'comms', person: 'erin' });
  expect(parseCommand('resolve INC-2 customer-report Acme Corp confirms')).toEqual({ verb: 'resolve', incident: 'INC-2', how: 'customer-report', evidence: 'Acme Corp confirms' });
  expect(parseCommand('')).toEqual({ verb: 'help' });
  expect(parseCommand('declare').verb).toBe('invalid');
});
