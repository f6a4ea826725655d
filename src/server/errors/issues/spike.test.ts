// The first error spike, on both engines: events of checkout sent as an SDK sends them — a quiet
// day, one stray error, then a burst — and an incident on checkout offers the burst's minute as a
// candidate for when impact started; a service with no burst offers none.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { envelope, errorsTestApp, jsEvent, type ErrorsTestApp } from '../testing.ts';
import { firstErrorSpike } from './spike.ts';

describeEachEngine('errors: the first error spike', ({ db }) => {
  let t: ErrorsTestApp;
  const send = async (at: string, n = 1) => {
    const items = Array.from({ length: n }, () => ({ type: 'event', payload: jsEvent({ timestamp: at }) }));
    for (const item of items) {
      const res = await t.post('/api/7/envelope/', envelope([item]), { 'x-sentry-auth': `Sentry sentry_key=${t.key}` });
      expect(res.status).toBe(200);
    }
  };
  beforeAll(async () => {
    t = await errorsTestApp(db(), { now: '2026-11-23T12:40:00Z' });
    for (let h = 1; h <= 20; h++) await send(`2026-11-22T${String(h).padStart(2, '0')}:15:00Z`); // the day before: one an hour, 01:15–20:15
    await send('2026-11-23T12:10:00Z', 2); // above normal, not a spike
    await send('2026-11-23T12:20:30Z', 6); // the spike
    await send('2026-11-23T12:21:00Z', 9);
  });
  afterAll(async () => t?.app.close());

  it('finds the first minute well above the services\' normal', async () => {
    const spike = await firstErrorSpike(t.deps.db, ['component:default/checkout'], new Date('2026-11-23T11:30:00Z'), new Date('2026-11-23T12:40:00Z'));
    expect(spike).toMatchObject({ at: '2026-11-23T12:20:00.000Z', count: 6 });
    expect(spike!.baseline).toBeCloseTo(9 / 1440, 6); // the day before 11:30: 12:15–20:15
    expect(await firstErrorSpike(t.deps.db, ['component:default/web'], new Date('2026-11-23T11:30:00Z'), new Date('2026-11-23T12:40:00Z'))).toBeNull();
    expect(await firstErrorSpike(t.deps.db, ['component:default/checkout'], new Date('2026-11-23T12:22:00Z'), new Date('2026-11-23T12:40:00Z'))).toBeNull();
  });

  it('is a candidate for when impact started on an incident of the service', async () => {
    const declared = await t.call('POST', '/api/v1/incidents', { title: 'Checkout fails', severity: 'SEV2', services: ['checkout'], detectedAt: '2026-11-23T12:30:00Z' });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const s = (await t.call('GET', `/api/v1/incidents/${declared.body.incident.number}/suspects`)).body;
    // The suspects' window (4 h) before detection at 12:30: the day before 08:30 holds 12 errors.
    expect(s.candidates).toContainEqual({ kind: 'errors', at: '2026-11-23T12:20:00.000Z', label: 'first error spike: 6 errors in a minute (normally 0.5 an hour)' });
    const quiet = await t.call('POST', '/api/v1/incidents', { title: 'Web is slow', severity: 'SEV3', services: ['web'], detectedAt: '2026-11-23T12:30:00Z' });
    const q = (await t.call('GET', `/api/v1/incidents/${quiet.body.incident.number}/suspects`)).body;
    expect(q.candidates.map((c: { kind: string }) => c.kind)).toEqual(['detected']);
  });
});
