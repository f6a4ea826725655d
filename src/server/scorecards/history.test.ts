import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/db.ts';
import type { EntityResult } from './evaluate.ts';
import { persistResults } from './history.ts';

const result = (entity: string, states: Record<string, string>, version = 'v1'): EntityResult =>
  ({ scorecard: 'sc', version, entity, score: 50, grade: 'D', evaluatedAt: '', requirements: Object.entries(states).map(([id, state]) => ({ id, state, message: `m ${state}`, points: 0, weight: 1 })) }) as unknown as EntityResult;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 12, minute));

describeEachEngine('history with result digests', ({ db }) => {
  const open = async (entity?: string) => {
    let q = db().db.selectFrom('requirement_results').select(['entity', 'requirement', 'state']).where('scorecard', '=', 'sc').where('valid_to', 'is', null);
    if (entity) q = q.where('entity', '=', entity);
    return (await q.orderBy('entity').orderBy('requirement').execute()).map((r) => `${r.entity}/${r.requirement}=${r.state}`);
  };
  const digests = async () => (await db().db.selectFrom('result_digests').select('entity').where('scorecard', '=', 'sc').orderBy('entity').execute()).map((r) => r.entity);

  it('writes only changes, closes what a full run no longer covers, and keeps digests in step', async () => {
    const p1 = await persistResults(db().db, 'sc', [result('a', { x: 'pass', y: 'fail' }), result('b', { x: 'pass' })], {}, at(0));
    expect(p1).toMatchObject({ requirementsOpened: 3, requirementsClosed: 0 });
    expect(await digests()).toEqual(['a', 'b']);
    const p2 = await persistResults(db().db, 'sc', [result('a', { x: 'pass', y: 'fail' }), result('b', { x: 'pass' })], {}, at(1));
    expect(p2).toMatchObject({ requirementsOpened: 0, requirementsClosed: 0, gradeChanges: [] });
    // a: y changes and x goes away; b leaves the run entirely
    const p3 = await persistResults(db().db, 'sc', [result('a', { y: 'pass' })], {}, at(2));
    expect(p3).toMatchObject({ requirementsOpened: 1, requirementsClosed: 3 });
    expect(await open()).toEqual(['a/y=pass']);
    expect(await digests()).toEqual(['a']);
    const rows = await db().db.selectFrom('requirement_results').selectAll().where('entity', '=', 'a').where('requirement', '=', 'y').orderBy('valid_from').execute();
    expect(rows.map((r) => [r.state, r.valid_from, r.valid_to])).toEqual([['fail', at(0).toISOString(), at(2).toISOString()], ['pass', at(2).toISOString(), null]]);
  });

  it('a partial run compares and closes only its scope', async () => {
    await persistResults(db().db, 'sc', [result('a', { y: 'pass' }), result('c', { x: 'fail' })], {}, at(3));
    const p = await persistResults(db().db, 'sc', [result('c', { x: 'pass' })], { entities: ['c', 'd'] }, at(4));
    expect(p).toMatchObject({ requirementsOpened: 1, requirementsClosed: 1 });
    expect(await open()).toEqual(['a/y=pass', 'c/x=pass']);
    const gone = await persistResults(db().db, 'sc', [], { entities: ['c'] }, at(5));
    expect(gone.requirementsClosed).toBe(1);
    expect(await open()).toEqual(['a/y=pass']);
    expect(await digests()).toEqual(['a']);
  });

  it('a missing or stale digest falls back to a full comparison, never a duplicate interval', async () => {
    await db().db.updateTable('result_digests').set({ digest: '' }).where('entity', '=', 'a').execute();
    const p = await persistResults(db().db, 'sc', [result('a', { y: 'pass' })], {}, at(6));
    expect(p).toMatchObject({ requirementsOpened: 0, requirementsClosed: 0 });
    expect(await open('a')).toEqual(['a/y=pass']);
    const same = await persistResults(db().db, 'sc', [result('a', { y: 'fail' })], {}, at(6));
    const again = await persistResults(db().db, 'sc', [result('a', { y: 'warn' })], {}, at(6));
    expect([same.requirementsOpened, again.requirementsOpened]).toEqual([1, 1]);
    expect(await open('a')).toEqual(['a/y=warn']);
  });
});
