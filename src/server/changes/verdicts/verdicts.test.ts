// What incidents tell the change database, read back through DORA: a change named as the cause
// counts as failed; restores give time to restore; failed changes announce themselves once.
import { expect, it } from 'vitest';
import { testDeps } from '../../testing/app.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { changeInputSchema, type ChangeInputRaw } from '../../../common/changes.ts';
import { CHANGE_FAILED, patchChange, recordChanges } from '../ingest/record.ts';
import { doraFor } from '../stats/stats.ts';
import { clearChangeVerdict, recordRestore, setChangeVerdict } from './verdicts.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (n: number) => new Date(NOW.getTime() - n * 3_600_000).toISOString();
const c = (over: Partial<ChangeInputRaw>) => changeInputSchema.parse({ entities: ['checkout'], kind: 'deploy', summary: 's', startedAt: hoursAgo(30), ...over });
const CHECKOUT = 'component:default/checkout';
const CART = 'component:default/cart';
const period = { from: new Date(NOW.getTime() - 7 * 86_400_000), to: NOW };

describeEachEngine('change verdicts and restores', ({ db }) => {
  it('counts a change named as an incident cause in the change failure rate, and takes it back', async () => {
    const deps = testDeps(db());
    const [a] = await recordChanges(deps.db, [c({ startedAt: hoursAgo(20) }), c({ startedAt: hoursAgo(10) })], NOW, { batch: true });
    expect((await doraFor(deps.db, [CHECKOUT], period)).overall.changeFailureRate).toBe(0);
    await setChangeVerdict(deps.db, { changeId: a.id, incident: 'inc-1', by: 'alice' }, NOW);
    expect((await doraFor(deps.db, [CHECKOUT], period)).overall.changeFailureRate).toBe(0.5);
    expect(await clearChangeVerdict(deps.db, a.id)).toBe(true);
    expect((await doraFor(deps.db, [CHECKOUT], period)).overall.changeFailureRate).toBe(0);
    await expect(setChangeVerdict(deps.db, { changeId: 'nope', incident: 'inc-1', by: 'alice' }, NOW)).rejects.toThrow('no change with id nope');
  });

  it('gives time to restore per service and per team, one incident counted once', async () => {
    const deps = testDeps(db());
    await recordRestore(deps.db, { incident: 'inc-2', entities: [CHECKOUT, CART], startedAt: hoursAgo(5), restoredAt: hoursAgo(3) });
    await recordRestore(deps.db, { incident: 'inc-3', entities: [CART], startedAt: hoursAgo(12), restoredAt: hoursAgo(8) });
    const report = await doraFor(deps.db, [CHECKOUT, CART], period);
    expect(report.services.find((s) => s.entity === CHECKOUT)?.figures.timeToRestoreHours).toEqual({ median: 2 });
    expect(report.services.find((s) => s.entity === CART)?.figures.timeToRestoreHours).toEqual({ median: 3 });
    expect(report.overall.timeToRestoreHours).toEqual({ median: 3 });
    await recordRestore(deps.db, { incident: 'inc-3', entities: [CART], startedAt: hoursAgo(12), restoredAt: null });
    expect((await doraFor(deps.db, [CART], period)).overall.timeToRestoreHours).toEqual({ median: 2 });
  });

  it('publishes change.failed once for a change stored as failed or patched to failed', async () => {
    const deps = testDeps(db());
    const failed = () => deps.db.selectFrom('events').select(['key', 'payload']).where('type', '=', CHANGE_FAILED).execute();
    const before = (await failed()).length;
    const [ok, bad] = await recordChanges(deps.db, [c({ externalId: 'x-1', source: 'cli' }), c({ status: 'failed', automated: true, externalId: 'x-2', source: 'cli' })], NOW, { batch: true, events: deps.events });
    expect((await failed()).slice(before).map((e) => JSON.parse(e.payload))).toEqual([expect.objectContaining({ id: bad.id, automated: true, status: 'failed', kind: 'deploy', entities: [CHECKOUT] })]);
    await recordChanges(deps.db, [c({ status: 'failed', automated: true, externalId: 'x-2', source: 'cli' })], NOW, { events: deps.events });
    expect((await failed()).length).toBe(before + 1);
    await patchChange(deps.db, ok.id, { status: 'rolled-back' }, NOW, { events: deps.events });
    expect((await failed()).slice(before).map((e) => e.key)).toEqual([`change.failed|${bad.id}`, `change.failed|${ok.id}`]);
  });
});
