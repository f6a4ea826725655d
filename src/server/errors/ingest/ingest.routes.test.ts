// Sentry's ingest endpoints on both engines: envelopes and the store endpoint, keys, compressed
// bodies, bad input (each refused the way Sentry refuses it, nothing stored), rate limits,
// trimming, exact counts, and regressions that reopen an issue and tell its owners.
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { envelope, errorsTestApp, jsEvent, type ErrorsTestApp } from '../testing.ts';
import { pruneErrors } from '../retention.ts';

const ENVELOPE = '/api/7/envelope/';

describeEachEngine('errors: ingest', ({ db }) => {
  let t: ErrorsTestApp;
  const auth = () => ({ 'x-sentry-auth': `Sentry sentry_key=${t.key}, sentry_version=7, sentry_client=test/1.0` });
  const eventsStored = async () => Number((await t.deps.db.selectFrom('error_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const issuesOf = async () => (await t.call('GET', '/api/v1/errors/issues?entity=checkout&limit=100')).body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    t = await errorsTestApp(db(), { config: { errors: { ingest: { maxInflatedBytes: 2 * 1024 * 1024, maxEventBytes: 1024 * 1024 + 200_000, eventsPerMinute: 1000 } } } });
  });
  afterAll(async () => t?.app.close());

  it('shows the project declared by annotation with its DSN', async () => {
    const res = await t.call('GET', '/api/v1/errors/projects?entity=checkout');
    expect(res.body.items).toEqual([expect.objectContaining({ id: 7, entity: 'component:default/checkout', source: 'annotation', dsn: expect.stringMatching(new RegExp(`^http://${t.key}@[^/]+/7$`)) })]);
  });

  it('stores an envelope event before answering 200 with its id, and opens an issue', async () => {
    const res = await t.post(ENVELOPE, envelope([{ type: 'event', payload: jsEvent({ event_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1' }) }], { event_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1' }), auth());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1' });
    expect(await eventsStored()).toBe(1);
    const [issue] = await issuesOf();
    expect(issue).toMatchObject({ title: "TypeError: Cannot read properties of undefined (reading 'percent')", status: 'unresolved', events: 1, users: 1, firstRelease: 'checkout@1.4.0', culprit: 'src/coupons.js in applyCoupon' });
  });

  it('groups alike events into one issue and counts them exactly (a repeated event id once)', async () => {
    const before = (await issuesOf())[0]!;
    for (const [i, user] of [[2, 'u-2'], [3, 'u-1'], [3, 'u-1']] as const) {
      const res = await t.post(ENVELOPE, envelope([{ type: 'event', payload: jsEvent({ event_id: `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa${i}`, user: { id: user }, exception: (jsEvent().exception as object) }) }]), auth());
      expect(res.status).toBe(200);
    }
    const after = (await issuesOf()).find((x) => x.id === before.id)!;
    expect(after).toMatchObject({ events: 3, users: 2 });
    const counts = await t.call('GET', `/api/v1/errors/issues/${before.id}/counts?from=2026-11-23T11:00:00Z&to=2026-11-23T13:00:00Z`);
    expect(counts.body.items).toEqual([{ minute: '2026-11-23T12:00', count: 3 }]);
    // Another function at the top of the stack is another issue.
    await t.post(ENVELOPE, envelope([{ type: 'event', payload: jsEvent({}, 'applyGiftCard') }]), auth());
    expect((await issuesOf()).length).toBe(2);
  });

  it('takes gzip and deflate bodies, the key in the query or in the envelope DSN, and the store endpoint', async () => {
    const n = await eventsStored();
    const body = envelope([{ type: 'event', payload: jsEvent() }]);
    expect((await t.post(ENVELOPE, gzipSync(body), { ...auth(), 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await t.post(ENVELOPE, deflateSync(body), { ...auth(), 'content-encoding': 'deflate' })).status).toBe(200);
    expect((await t.post(`${ENVELOPE}?sentry_key=${t.key}&sentry_version=7`, body)).status).toBe(200);
    expect((await t.post(ENVELOPE, envelope([{ type: 'event', payload: jsEvent() }], { dsn: `https://${t.key}@errors.acme.test/7` }))).status).toBe(200);
    const stored = await t.post('/api/7/store/', JSON.stringify(jsEvent({ event_id: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb' })), { ...auth(), 'content-type': 'application/json' });
    expect(stored).toMatchObject({ status: 200, body: { id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' } });
    expect(await eventsStored()).toBe(n + 5);
  });

  it('takes the key in `Authorization: Sentry …` on the ingest routes only; other routes still refuse that header', async () => {
    const n = await eventsStored();
    const body = envelope([{ type: 'event', payload: jsEvent() }]);
    const ok = await t.post(ENVELOPE, body, { authorization: `Sentry sentry_key=${t.key}, sentry_version=7` });
    expect(ok.status).toBe(200);
    expect(await eventsStored()).toBe(n + 1);
    const stored = await t.post('/api/7/store/', JSON.stringify(jsEvent()), { authorization: `Sentry sentry_key=${t.key}`, 'content-type': 'application/json' });
    expect(stored.status).toBe(200);
    const wrong = await t.post(ENVELOPE, body, { authorization: 'Sentry sentry_key=0123456789abcdef0123456789abcdef' });
    expect(wrong).toMatchObject({ status: 401, body: { detail: expect.stringContaining('invalid DSN key') } });
    // A bad Bearer token on an ingest route is still the platform's to refuse, and the Sentry
    // scheme is no way around the token check elsewhere.
    expect((await t.post(ENVELOPE, body, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    const elsewhere = await t.app.inject({ method: 'PATCH', url: '/api/v1/errors/issues/x', headers: { authorization: `Sentry sentry_key=${t.key}` }, payload: { status: 'ignored' } });
    expect(elsewhere.statusCode).toBe(401);
    expect(await eventsStored()).toBe(n + 2);
  });

  it('refuses a wrong, missing or foreign key with 401, as Sentry does', async () => {
    const body = envelope([{ type: 'event', payload: jsEvent() }]);
    const wrong = await t.post(ENVELOPE, body, { 'x-sentry-auth': 'Sentry sentry_key=0123456789abcdef0123456789abcdef, sentry_version=7' });
    expect(wrong).toMatchObject({ status: 401, body: { detail: expect.stringContaining('invalid DSN key') } });
    expect((await t.post(ENVELOPE, body)).status).toBe(401);
    expect((await t.post('/api/8/envelope/', body, auth())).status).toBe(401);
  });

  it('refuses a malformed envelope with 400 naming the item, and stores none of it', async () => {
    const n = await eventsStored();
    const good = { type: 'event', payload: jsEvent() };
    const cases: Array<[Buffer, RegExp]> = [
      [envelope([good, { type: 'event', payload: '{"broken": ' }]), /item 2 \(event\) is not JSON/],
      [envelope([good, { type: 'event', payload: '[1, 2]' }]), /item 2 \(event\) is not a JSON object/],
      [Buffer.concat([envelope([good]), Buffer.from('{"length": 3}\nabc\n')]), /item 2 has no type/],
      [Buffer.from('{"event_id": "x"}\n{"type":"event","length":500}\n{}\n'), /item 1 \(event\) says 500 bytes/],
      [Buffer.from('not json\n'), /envelope header is not JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await t.post(ENVELOPE, body, auth());
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(message);
    }
    expect(await eventsStored()).toBe(n);
  });

  it('answers 413 for an event over the limit and stops inflating a body that would grow past it', async () => {
    const n = await eventsStored();
    const big = await t.post(ENVELOPE, envelope([{ type: 'event', payload: jsEvent({ extra: { blob: 'x'.repeat(1_400_000) } }) }]), auth());
    expect(big).toMatchObject({ status: 413, body: { detail: expect.stringContaining('item 1 (event)') } });
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(200_000);
    const res = await t.post(ENVELOPE, bomb, { ...auth(), 'content-encoding': 'gzip' });
    expect(res).toMatchObject({ status: 413, body: { detail: expect.stringContaining('inflating stopped') } });
    expect(await eventsStored()).toBe(n);
  });

  it('counts other item types and skips them with their reason', async () => {
    const res = await t.post(ENVELOPE, envelope([{ type: 'session', payload: { sid: 'x' } }, { type: 'attachment', payload: 'hello', withLength: true }, { type: 'client_report', payload: {} }, { type: 'event', payload: jsEvent() }]), auth());
    expect(res.status).toBe(200);
    const rows = await t.deps.db.selectFrom('error_discards').select(['category', 'reason', 'count']).where('project_id', '=', 7).orderBy('category').execute();
    expect(rows.map((r) => [r.category, Number(r.count)])).toEqual([['attachment', 1], ['client_report', 1], ['session', 1]]);
    expect(rows[0]!.reason).toBe('attachments are not kept');
  });

  it('trims a 10,000-frame stack trace and a 1 MB message as Sentry does, and still groups', async () => {
    const frames = Array.from({ length: 10_000 }, (_, i) => ({ function: `step${i % 7}`, filename: 'src/deep.js', lineno: i, in_app: true }));
    const deep = { event_id: 'cccccccccccccccccccccccccccccccc', platform: 'node', exception: { values: [{ type: 'RangeError', value: 'Maximum call stack size exceeded', stacktrace: { frames } }] } };
    const long = { event_id: 'dddddddddddddddddddddddddddddddd', platform: 'node', message: `order ${'m'.repeat(1024 * 1024)}` };
    const res = await t.post(ENVELOPE, envelope([{ type: 'event', payload: deep }, { type: 'event', payload: long }]), auth());
    expect(res.status).toBe(200);
    const payload = async (id: string) => JSON.parse((await t.deps.db.selectFrom('error_events').select('payload').where('event_id', '=', id).executeTakeFirstOrThrow()).payload);
    const stored = await payload('cccccccccccccccccccccccccccccccc');
    expect(stored.exception.values[0].stacktrace.frames).toHaveLength(250);
    expect(stored.exception.values[0].stacktrace.frames_omitted).toEqual([125, 9875]);
    const message = (await payload('dddddddddddddddddddddddddddddddd')).message;
    expect(message.length).toBe(8192);
    expect(message.endsWith('...')).toBe(true);
    const titles = (await issuesOf()).map((i) => i.title);
    expect(titles).toContain('RangeError: Maximum call stack size exceeded');
  });

  it('reopens a resolved issue seen again and tells the owning team; resolved-in-next-release waits for a new release', async () => {
    const issue = (await issuesOf()).find((i) => i.culprit === 'src/coupons.js in applyCoupon')!;
    t.clock.set('2026-11-23T13:00:00Z');
    expect((await t.call('PATCH', `/api/v1/errors/issues/${issue.id}`, { status: 'resolved-next-release' })).body).toMatchObject({ status: 'resolved-next-release', resolvedInRelease: 'checkout@1.4.0' });
    const later = (release: string, at: string) => envelope([{ type: 'event', payload: jsEvent({ release, timestamp: at }) }]);
    t.clock.set('2026-11-23T13:05:00Z');
    await t.post(ENVELOPE, later('checkout@1.4.0', '2026-11-23T13:05:00Z'), auth());
    expect((await t.call('GET', `/api/v1/errors/issues/${issue.id}`)).body.status).toBe('resolved-next-release');
    await t.post(ENVELOPE, later('checkout@1.5.0', '2026-11-23T13:06:00Z'), auth());
    const back = (await t.call('GET', `/api/v1/errors/issues/${issue.id}`)).body;
    expect(back).toMatchObject({ status: 'unresolved', regressions: 1, regressedAt: '2026-11-23T13:06:00.000Z', lastRelease: 'checkout@1.5.0' });
    expect(back.releases.map((r: { release: string }) => r.release)).toEqual(['checkout@1.4.0', 'checkout@1.5.0']);
    const told = await t.deps.db.selectFrom('notifications').select(['target_url', 'event']).where('source', '=', `error-issue:${issue.id}`).execute();
    expect(told.map((r) => r.target_url)).toEqual(['http://hooks.acme.test/team-a']);
    expect(JSON.parse(told[0]!.event).title).toContain('Regression in component:default/checkout');
  });

  it('finds events by trace id', async () => {
    const res = await t.call('GET', '/api/v1/errors/events?traceId=4bf92f3577b34da6a3ce929d0e0e4736&limit=100');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(3);
    expect(res.body.items[0]).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', issueId: expect.any(String) });
  });

  it('answers 429 with Retry-After and X-Sentry-Rate-Limits past the project rate', async () => {
    const small = await errorsTestApp(db(), { config: { errors: { ingest: { eventsPerMinute: 2 } } } });
    try {
      const h = { 'x-sentry-auth': `Sentry sentry_key=${small.key}` };
      const body = envelope([{ type: 'event', payload: jsEvent() }]);
      expect((await small.post(ENVELOPE, body, h)).status).toBe(200);
      expect((await small.post(ENVELOPE, body, h)).status).toBe(200);
      const limited = await small.post(ENVELOPE, body, h);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(String(limited.headers['x-sentry-rate-limits'])).toMatch(/^\d+:error;default;security:project:/);
    } finally {
      await small.app.close();
    }
  });

  it('keeps raw events for their retention and the exact counts for theirs, issues for good', async () => {
    const before = await issuesOf();
    const events = await eventsStored();
    t.clock.set('2027-01-10T00:00:00Z');
    expect(await pruneErrors(t.deps)).toEqual({ events, minutes: 0 });
    expect(await eventsStored()).toBe(0);
    const counts = await t.call('GET', `/api/v1/errors/issues/${before[0]!.id}/counts?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z`);
    expect(counts.body.items.length).toBeGreaterThan(0);
    t.clock.set('2027-03-01T00:00:00Z');
    expect((await pruneErrors(t.deps)).minutes).toBeGreaterThan(0);
    expect((await issuesOf()).map((i) => [i.id, i.events])).toEqual(before.map((i) => [i.id, i.events]));
  });
});
