// Migration 0007 moves requirement results and grades into their *_current (open) and *_closed
// tables without losing a row, keeps `requirement_results` and `grade_history` readable as
// views, and goes back down to the single tables.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine, withDdlLock } from '../../testing/db.ts';
import { testHost } from '../../testing/host.ts';
import { migrator } from './migrate.ts';

const row = (requirement: string, state: string, from: string, to: string | null) => ({ scorecard: 'sc', entity: 'component:default/a', requirement, state, message: `${state}!`, evidence: null, version: 'v1', graced: 0, valid_from: from, valid_to: to });
const grade = (score: number, g: string, from: string, to: string | null) => ({ scorecard: 'sc', entity: 'component:default/a', score, grade: g, version: 'v1', valid_from: from, valid_to: to });
const grades = [grade(71.5, 'C', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'), grade(92, 'A', '2026-01-02T00:00:00.000Z', null)];
const rows = [row('x', 'fail', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'), row('x', 'pass', '2026-01-02T00:00:00.000Z', null), row('y', 'warn', '2026-01-01T00:00:00.000Z', null)];

describeEachEngine('migration 0007 (open and closed intervals)', ({ db, engine }) => {
  it('moves open results to requirement_current and closed ones to requirement_closed, and back', () => withDdlLock(engine, async () => {
    // Every module's migrations, as the database was migrated with: down to 0006 and up again runs theirs too.
    const m = await migrator(db().db, testHost.migrations);
    expect((await m.migrateTo('0006_result_digests')).error).toBeUndefined();
    const k = db().db as any;
    await k.insertInto('requirement_results').values(rows).execute();
    await k.insertInto('grade_history').values(grades).execute();

    expect((await m.migrateToLatest()).error).toBeUndefined();
    const current = await db().db.selectFrom('requirement_current').select(['requirement', 'state', 'valid_from']).orderBy('requirement').execute();
    expect(current).toEqual([
      { requirement: 'x', state: 'pass', valid_from: '2026-01-02T00:00:00.000Z' },
      { requirement: 'y', state: 'warn', valid_from: '2026-01-01T00:00:00.000Z' },
    ]);
    const closed = await db().db.selectFrom('requirement_closed').select(['requirement', 'state', 'valid_to']).execute();
    expect(closed).toEqual([{ requirement: 'x', state: 'fail', valid_to: '2026-01-02T00:00:00.000Z' }]);
    const view = await db().db.selectFrom('requirement_results').selectAll().orderBy('requirement').orderBy('valid_from').execute();
    expect(view.map((r) => ({ ...r, graced: Number(r.graced) }))).toEqual(rows);
    expect(await db().db.selectFrom('grade_current').select(['grade']).execute()).toEqual([{ grade: 'A' }]);
    expect(await db().db.selectFrom('grade_closed').select(['grade', 'valid_to']).execute()).toEqual([{ grade: 'C', valid_to: '2026-01-02T00:00:00.000Z' }]);
    const gradeView = await db().db.selectFrom('grade_history').selectAll().orderBy('valid_from').execute();
    expect(gradeView.map((g) => ({ ...g, score: Number(g.score) }))).toEqual(grades);

    expect((await m.migrateTo('0006_result_digests')).error).toBeUndefined();
    const back = await sql<{ requirement: string; valid_to: string | null }>`select requirement, valid_to from requirement_results order by requirement, valid_from`.execute(db().db);
    expect(back.rows).toEqual(rows.map((r) => ({ requirement: r.requirement, valid_to: r.valid_to })));
    const gradesBack = await sql<{ grade: string; valid_to: string | null }>`select grade, valid_to from grade_history order by valid_from`.execute(db().db);
    expect(gradesBack.rows).toEqual(grades.map((g) => ({ grade: g.grade, valid_to: g.valid_to })));
    expect((await m.migrateToLatest()).error).toBeUndefined();
  }));
});
