// The `errors` check type on both engines: the context read from the demo's day of errors, each
// rule passing and failing on real data, and a service without error tracking.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CheckContext } from '../../checks/index.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { errorsTestApp, type ErrorsTestApp } from '../testing.ts';
import { seedDemoErrors } from '../demo-errors/seed.ts';
import { errorsCheck, errorsCheckSchema } from './check.ts';
import { errorFactsFor } from './context.ts';

const CHECKOUT = 'component:default/checkout';
const WEB = 'component:default/web';

describeEachEngine('errors: the check type', ({ db }) => {
  let t: ErrorsTestApp;
  beforeAll(async () => {
    t = await errorsTestApp(db(), { config: { server: { demo: true } } });
    await seedDemoErrors(t.deps);
  });
  afterAll(async () => t?.app.close());

  const judge = async (ref: string, config: Record<string, unknown>, now = t.clock()) => {
    const facts = (await errorFactsFor(t.deps.db, [ref], now)).get(ref);
    return errorsCheck.evaluate(errorsCheckSchema.parse({ type: 'errors', ...config }) as never, { ref, data: facts ? { errors: facts } : {}, now } as unknown as CheckContext, undefined, undefined as never, undefined as never);
  };

  it('reads projects, the last event, new issues, regressions and the busiest minute', async () => {
    const f = (await errorFactsFor(t.deps.db, [CHECKOUT, WEB], t.clock())).get(CHECKOUT)!;
    expect(f).toMatchObject({ projects: 1, newIssues: 3, regressions: 1, peakEventsPerMinute: 2 });
    expect(f.lastEventAt! > '2026-11-23T11:50:00').toBe(true);
  });

  it('passes and fails each rule on that data', async () => {
    expect(await judge(CHECKOUT, { receives: { withinDays: 7 } })).toMatchObject({ state: 'pass' });
    expect(await judge(CHECKOUT, { receives: { withinDays: 7 } }, new Date('2026-12-15T00:00:00Z'))).toMatchObject({ state: 'fail', message: expect.stringContaining('no error event for') });
    expect(await judge(WEB, { receives: {} })).toMatchObject({ state: 'fail', message: expect.stringContaining('no Sentry project') });
    expect(await judge(CHECKOUT, { newIssues: { max: 3 } })).toMatchObject({ state: 'pass' });
    const tooMany = await judge(CHECKOUT, { newIssues: { max: 2 }, message: 'Keep new errors in check' });
    expect(tooMany).toMatchObject({ state: 'fail', message: 'Keep new errors in check (3 new unresolved issues in the last 7 days, over 2)' });
    expect((tooMany.evidence as { objects: unknown[] }).objects).toHaveLength(3);
    expect(await judge(CHECKOUT, { regressions: {} })).toMatchObject({ state: 'fail', message: '1 resolved issue(s) came back in the last 30 days' });
    expect(await judge(CHECKOUT, { eventsPerMinute: { max: 2 } })).toMatchObject({ state: 'pass' });
    expect(await judge(CHECKOUT, { eventsPerMinute: { max: 1 } })).toMatchObject({ state: 'fail' });
  });

  it('refuses a check with no rule or two', () => {
    expect(errorsCheckSchema.safeParse({ type: 'errors' }).success).toBe(false);
    expect(errorsCheckSchema.safeParse({ type: 'errors', newIssues: { max: 1 }, regressions: {} }).success).toBe(false);
  });
});
