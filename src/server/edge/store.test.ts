// The edge's store on both engines: verdicts are queued off the request path and written in
// batches (all of them, in the order reached, once settled); a failing database or a full queue
// is counted, never thrown at the caller.
import { expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import type { Verdict } from './engine.ts';
import { verdictRows } from './repository.ts';
import { verdictStore } from './store.ts';

const verdict = (i: number): Verdict => ({
  key: `s:session-${i}`, scope: 'session', ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1', http: 'h11-4901671a-33b65e23', h2: null, verdict: i % 2 ? 'bot' : 'human', action: i % 2 ? 'shadow' : 'allow',
  llr: 7, thresholds: { upper: 6.86, lower: -3 }, evidence: [{ signal: 'cloudOrigin', count: 1, llr: 1.39 }], samples: [], requests: 3, addresses: 1, userAgents: 1,
  firstSeenAt: '2026-11-23T11:00:00.000Z', decidedAt: new Date(Date.parse('2026-11-23T11:01:00.000Z') + i).toISOString(), expiresAt: i % 2 ? '2026-11-23T12:01:00.000Z' : null,
});

describeEachEngine('edge: the verdict store', ({ db }) => {
  it('queues verdicts and writes them in batches, every one, in the order reached', async () => {
    const store = verdictStore(db().db, 'batch', undefined, { batchMs: 60_000 });
    for (let i = 0; i < 450; i++) store.save(verdict(i));
    // Nothing is written on the caller's path: the batch waits for its timer (a minute here).
    expect(await verdictRows(db().db, { limit: 10 })).toHaveLength(0);
    await store.settle();
    const rows = await verdictRows(db().db, { limit: 1000 });
    expect(rows).toHaveLength(450);
    expect(rows.map((r) => r.subject)).toEqual(Array.from({ length: 450 }, (_, i) => `s:session-${449 - i}`));
    expect(store.failures()).toBe(0);
  });

  it('writes on its own shortly after the first verdict is queued', async () => {
    const store = verdictStore(db().db, 'timer', undefined, { batchMs: 20 });
    store.save({ ...verdict(1), key: 's:timer' });
    await expect.poll(async () => (await verdictRows(db().db, { subject: 's:timer', limit: 5 })).length, { timeout: 20_000 }).toBe(1);
  });

  it('counts a failing write and goes on', async () => {
    const store = verdictStore(db().db, 'broken', undefined, { batchMs: 60_000 });
    store.save({ ...verdict(2), key: 's:broken', http: null as never }); // NOT NULL: the INSERT fails
    await store.settle();
    expect(store.failures()).toBe(1);
  });
});
