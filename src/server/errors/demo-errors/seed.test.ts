// The demo's errors on both engines: a day of checkout's errors through the ingest functions —
// issues with sparklines, a regression told to the team — and nothing twice on a restart.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { errorsTestApp, type ErrorsTestApp } from '../testing.ts';
import { seedDemoErrors } from './seed.ts';

describeEachEngine('errors: the demo', ({ db }) => {
  let t: ErrorsTestApp;
  beforeAll(async () => {
    t = await errorsTestApp(db(), { config: { server: { demo: true } }, now: '2026-11-23T12:00:00Z' });
  });
  afterAll(async () => t?.app.close());

  it("seeds checkout's issues once: a fresh bug, a noisy message, and a regression", async () => {
    await seedDemoErrors(t.deps);
    await seedDemoErrors(t.deps);
    const items = (await t.call('GET', '/api/v1/errors/issues?entity=checkout')).body.items as Array<Record<string, any>>;
    expect(items.map((i) => [i.title, i.events, i.status, i.regressions])).toEqual([
      ['*errors.errorString: coupon WINTER0: percent is nil for order 10000', 48, 'unresolved', 0],
      ['tax.ErrNoRate: no tax rate for region PT', 9, 'unresolved', 1],
      ['payment provider answered 503 after 1200 ms', 9, 'unresolved', 0],
    ]);
    const coupon = items[0]!;
    expect(coupon.sparkline.slice(-3).reduce((a: number, b: number) => a + b, 0)).toBe(48);
    expect(coupon.users).toBe(17);
    const told = await t.deps.db.selectFrom('notifications').select('target_url').where('source', '=', `error-issue:${items[1]!.id}`).execute();
    expect(told).toHaveLength(1);
  });
});
