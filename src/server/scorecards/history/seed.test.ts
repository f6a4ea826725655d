// Seeding history goes through the evaluation's own steps with the clock set back: the intervals
// begin at the script's instants, older rubric versions are kept for why-diffs, and an existing
// history is never seeded again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../../testing/app.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { testHost } from '../../testing/host.ts';
import type { CheckContext } from '../../checks/index.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/app.ts';
import { runEvaluation } from '../evaluation/run.ts';
import { fixtureDir } from '../testing.ts';
import { seedHistory, type HistoryScript } from './seed.ts';

const NOW = '2026-11-23T12:00:00.000Z';
const day = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000);

/** cart had no runbook until 5 days ago; until 8 days ago `owner` weighed 20. */
const script: HistoryScript = {
  instants: [day(10), day(6), day(4)],
  contextAt: (ctx: CheckContext, at: Date) => {
    if (!ctx.ref.endsWith('/cart') || at >= day(5)) return ctx;
    const { 'tally.dev/runbook-url': _gone, ...annotations } = ctx.entity.metadata.annotations ?? {};
    return { ...ctx, entity: { ...ctx.entity, metadata: { ...ctx.entity.metadata, annotations } } };
  },
  rubricAt: (body, at) => {
    if (at >= day(8)) return undefined;
    const spec = body.spec as { requirements: { id: string; weight: number }[] };
    return { ...body, spec: { ...spec, requirements: spec.requirements.map((r) => (r.id === 'owner' ? { ...r, weight: 20 } : r)) } };
  },
};

describeEachEngine('seedHistory', ({ db }) => {
  const fx = fixtureDir();
  let deps: AppDeps;
  let app: App;
  beforeAll(async () => {
    deps = testDeps(db(), testConfig({ catalog: { sources: fx.sources } }, fx.dir), testClock(NOW));
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
  });
  afterAll(async () => app?.close());
  const history = async (entity: string) => (await app.inject({ url: `/api/v1/entities/${entity}/history?scorecard=prod` })).json();

  it('grades each past instant with the clock set back, through the history tables', async () => {
    const summary = await seedHistory({ ...deps, grading: testHost.grading }, 'prod', script);
    expect(summary).toMatchObject({ seeded: true, instants: 3 });
    expect(summary.versions).toHaveLength(2);
    const cart = await history('cart');
    expect(cart.grades.map((g: { from: string; to: string | null }) => [g.from, g.to])).toEqual([
      [day(10).toISOString(), day(6).toISOString()],
      [day(6).toISOString(), day(4).toISOString()],
      [day(4).toISOString(), null],
    ]);
    const runbook = cart.requirementChanges.filter((r: { requirement: string }) => r.requirement === 'runbook').map((r: { state: string; from: string }) => [r.state, r.from]);
    expect(runbook.at(-1)).toEqual(['pass', day(4).toISOString()]);
    expect(runbook.some(([state]: [string]) => state === 'fail')).toBe(true);
    // No evaluation run is recorded: the first real one is still to come.
    expect((await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json().firstEvaluationDone).toBe(false);
  });

  it('tells a rubric change from a service change', async () => {
    const whyRubric = (await app.inject({ url: `/api/v1/entities/checkout/why?scorecard=prod&from=${day(10).toISOString()}&to=${day(6).toISOString()}` })).json();
    expect(whyRubric).toMatchObject({ rubricChanged: true, rubricChanges: [{ requirement: 'owner', change: 'weight', before: 20, after: 10 }] });
    const whyService = (await app.inject({ url: `/api/v1/entities/cart/why?scorecard=prod&from=${day(6).toISOString()}&to=${day(4).toISOString()}` })).json();
    expect(whyService).toMatchObject({ rubricChanged: false, serviceChanges: [{ requirement: 'runbook', before: 'fail', after: 'pass' }] });
  });

  it('never seeds a history that exists, and real runs carry on from it', async () => {
    expect(await seedHistory({ ...deps, grading: testHost.grading }, 'prod', script)).toMatchObject({ seeded: false });
    const [run] = await runEvaluation({ ...deps, grading: testHost.grading }, { scorecards: ['prod'], trigger: 'test' });
    expect(run.status).toBe('ok');
    // Nothing changed since the last seeded day: the run writes no interval, the seeded one stays open.
    const cart = await history('cart');
    expect(cart.grades).toHaveLength(3);
    expect(cart.grades.at(-1)).toMatchObject({ from: day(4).toISOString(), to: null });
    expect((await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json().firstEvaluationDone).toBe(true);
  });
});
