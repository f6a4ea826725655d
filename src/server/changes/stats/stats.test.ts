import { resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testClock, testConfig } from '../../testing/app.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { changeInputSchema, type ChangeInputRaw } from '../../../common/changes.ts';
import { seedDemoChanges } from '../ingest/demo-seed.ts';
import { changesTestApp, type ChangesTestApp } from '../testing.ts';
import { pruneChanges } from '../retention.ts';
import { changeStatsFor } from './stats.ts';
import { recordChanges } from '../ingest/record.ts';
import { countChanges } from '../repository.ts';
import { findSuspects } from '../suspects/service.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const c = (over: Partial<ChangeInputRaw>) => changeInputSchema.parse({ entities: ['checkout'], kind: 'deploy', summary: 's', startedAt: day(1), ...over });

describeEachEngine('change statistics, retention and the demo seed', ({ db }) => {
  let t: ChangesTestApp;
  beforeAll(async () => {
    t = await changesTestApp(db());
    await recordChanges(t.deps.db, [
      c({ startedAt: day(2), status: 'succeeded' }),
      c({ startedAt: day(3), status: 'failed', automated: true }),
      c({ startedAt: day(20), status: 'failed', automated: true, finishedAt: day(20) }),
      c({ startedAt: day(200), status: 'rolled-back', automated: true }),
      c({ startedAt: day(200), status: 'failed', automated: true, postmortemUrl: 'https://wiki/pm' }),
      c({ entities: ['ledger'], kind: 'config', startedAt: day(40) }),
      c({ entities: ['tax'], kind: 'config', startedAt: day(1), environment: 'staging' }),
    ], NOW);
  });
  afterAll(async () => t?.app.close());

  it('computes the `changes` check statistics for many entities at once', async () => {
    const stats = await changeStatsFor(t.deps.db, ['component:default/checkout', 'component:default/ledger', 'component:default/tax', 'component:default/nothing'], NOW, { postmortemDays: 5 });
    expect([...stats.keys()].sort()).toEqual(['component:default/checkout', 'component:default/ledger']);
    expect(stats.get('component:default/checkout')).toMatchObject({ deploysLast30d: 1, changeFailureRate30d: 0.6667, failedAutomatedWithoutPostmortem: 2, changesLast30d: 3, daysSinceLastChange: 2 });
    expect(stats.get('component:default/ledger')).toMatchObject({ deploysLast30d: 0, changesLast30d: 0, daysSinceLastChange: 40, failedAutomatedWithoutPostmortem: 0 });
  });

  it('keeps changes forever by default and prunes past retentionDays when set', async () => {
    const before = await countChanges(t.deps.db);
    expect(await pruneChanges(t.deps)).toBe(0);
    const config = testConfig({ changes: { retentionDays: 100 } });
    expect(await pruneChanges({ ...t.deps, config, clock: () => NOW })).toBe(2);
    expect(await countChanges(t.deps.db)).toBe(before - 2);
  });

  it('seeds the demo week once, relative to now, with meaningful suspects', async () => {
    await t.deps.db.deleteFrom('change_entities').execute();
    await t.deps.db.deleteFrom('changes').execute();
    const config = testConfig({ server: { demo: true } }, resolve(import.meta.dirname, '../../../../examples/acme'));
    const clock = testClock('2026-11-23T12:00:00Z');
    const deps = { db: t.deps.db, config, clock, log: pino({ level: 'silent' }) };
    const seeded = await seedDemoChanges(deps);
    expect(seeded).toBeGreaterThanOrEqual(20);
    expect(await seedDemoChanges(deps)).toBe(0);
    const result = await findSuspects(t.deps.db, [], { entity: 'component:default/checkout', at: clock(), windowMs: 2 * 3_600_000, limit: 10 });
    const summaries = result.suspects.map((s) => s.change.summary);
    expect(summaries.slice(0, 2)).toEqual(['one-click-checkout enabled for 20% of EU customers', 'Deploy checkout 2026.11.4 (retry budget for the payments client)']);
    expect(summaries).toContain('PSP timeout lowered from 2s to 800ms');
    const stats = await changeStatsFor(t.deps.db, ['component:default/ledger'], clock(), { postmortemDays: 2 });
    expect(stats.get('component:default/ledger')?.failedAutomatedWithoutPostmortem).toBe(1);
  });
});
