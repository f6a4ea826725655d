// New since the deploy, on both engines: a deploy of checkout recorded in the change database;
// issues first seen after it are new, the ones seen before are known (with this hour against the
// same hour yesterday); a new issue's suspects are the deploy before it, with its revert action.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { envelope, errorsTestApp, jsEvent, type ErrorsTestApp } from '../testing.ts';

describeEachEngine('errors: new since the deploy', ({ db }) => {
  let t: ErrorsTestApp;
  let changeId: string;
  const send = async (at: string, fn: string) => {
    t.clock.set(at);
    const res = await t.post('/api/7/envelope/', envelope([{ type: 'event', payload: jsEvent({ timestamp: at }, fn) }]), { 'x-sentry-auth': `Sentry sentry_key=${t.key}` });
    expect(res.status).toBe(200);
  };
  beforeAll(async () => {
    t = await errorsTestApp(db(), { now: '2026-11-22T12:00:00Z' });
    await send('2026-11-22T12:40:00Z', 'applyCoupon');
    await send('2026-11-23T12:05:00Z', 'applyCoupon');
    t.clock.set('2026-11-23T12:30:00Z');
    const change = await t.call('POST', '/api/v1/changes', { entities: ['checkout'], kind: 'deploy', summary: 'Deploy checkout 1.5.0', startedAt: '2026-11-23T12:28:00Z', finishedAt: '2026-11-23T12:30:00Z', revert: { webhook: { url: 'http://hooks.acme.test/revert' } } });
    expect(change.status).toBe(201);
    changeId = change.body.id;
    await send('2026-11-23T12:41:00Z', 'applyCoupon');
    await send('2026-11-23T12:42:00Z', 'applyGiftCard');
    await send('2026-11-23T12:43:00Z', 'applyGiftCard');
  });
  afterAll(async () => t?.app.close());

  it('splits issues into new since the change and known before, this hour against yesterday', async () => {
    const res = await t.call('GET', `/api/v1/errors/since-change/${changeId}?window=1h`);
    expect(res.status).toBe(200);
    expect(res.body.change).toMatchObject({ id: changeId, summary: 'Deploy checkout 1.5.0', at: '2026-11-23T12:30:00.000Z', entities: ['component:default/checkout'] });
    expect(res.body.newIssues.map((i: { culprit?: string; title: string; eventsAfter: number; eventsDayBefore: number }) => [i.eventsAfter, i.eventsDayBefore])).toEqual([[2, 0]]);
    expect(res.body.knownIssues).toEqual([expect.objectContaining({ eventsAfter: 1, eventsDayBefore: 1, firstSeen: '2026-11-22T12:40:00.000Z' })]);
    expect((await t.call('GET', `/api/v1/errors/since-change/${changeId}?window=10y`)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/errors/since-change/nope')).status).toBe(404);
  });

  it("proposes the deploy before a new issue's first appearance as its suspect, revertable", async () => {
    const fresh = (await t.call('GET', `/api/v1/errors/since-change/${changeId}`)).body.newIssues[0];
    const res = await t.call('GET', `/api/v1/errors/issues/${fresh.id}/suspects`);
    expect(res.status).toBe(200);
    expect(res.body.suspects[0].change).toMatchObject({ id: changeId, summary: 'Deploy checkout 1.5.0' });
    expect(res.body.suspects[0].change.revert).toBeDefined();
  });
});
