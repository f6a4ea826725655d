import { expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import type { EntityResult } from '../evaluation/evaluate.ts';
import { persistResults } from './history.ts';
import { gradesGeneration } from '../read-model.ts';

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

describeEachEngine('history storage: open intervals in place, closed ones appended', ({ db }) => {
  const count = async (table: 'requirement_current' | 'requirement_closed' | 'grade_current' | 'grade_closed') => Number((await db().db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('rewrites the open row, appends the closed one, and moves the grades generation only on change', async () => {
    const graded = (entity: string, state: string, score: number) => ({ ...result(entity, { x: state }), score, grade: score > 80 ? 'B' : 'F' }) as EntityResult;
    await persistResults(db().db, 'sc', [graded('a', 'fail', 10), graded('b', 'pass', 90)], {}, at(0));
    const g0 = await gradesGeneration(db().db, 'sc');
    await persistResults(db().db, 'sc', [graded('a', 'fail', 10), graded('b', 'pass', 90)], {}, at(1));
    expect(await gradesGeneration(db().db, 'sc')).toBe(g0);
    expect([await count('requirement_current'), await count('requirement_closed'), await count('grade_current'), await count('grade_closed')]).toEqual([2, 0, 2, 0]);

    await persistResults(db().db, 'sc', [graded('a', 'pass', 85), graded('b', 'pass', 90)], {}, at(2));
    const g1 = await gradesGeneration(db().db, 'sc');
    expect(g1).not.toBe(g0);
    expect([await count('requirement_current'), await count('requirement_closed'), await count('grade_current'), await count('grade_closed')]).toEqual([2, 1, 2, 1]);
    const closed = await db().db.selectFrom('grade_closed').select(['entity', 'score', 'valid_from', 'valid_to']).execute();
    expect(closed.map((r) => ({ ...r, score: Number(r.score) }))).toEqual([{ entity: 'a', score: 10, valid_from: at(0).toISOString(), valid_to: at(2).toISOString() }]);

    // b leaves the scorecard: its open intervals close and the generation moves (one grade fewer)
    await persistResults(db().db, 'sc', [graded('a', 'pass', 85)], {}, at(2));
    expect(await gradesGeneration(db().db, 'sc')).not.toBe(g1);
    expect([await count('requirement_current'), await count('grade_current')]).toEqual([1, 1]);
  });
});
