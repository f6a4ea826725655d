// The only SQL of the leaderboard: grades at an instant (from the lossless intervals), the
// services and teams of the catalog, requirement fixes between two instants, and HackDays.
import type { Db } from '../platform/db/connect.ts';
import { containing } from '../scorecards/intervals.ts';
import type { HackdayRow } from './tables.ts';

export interface ScoreRow {
  entity: string;
  score: number | null;
  grade: string | null;
}

/**
 * A cheap fingerprint of what the leaderboard is computed from: a grade change rewrites an
 * open interval from the run's time (max valid_from of grade_current) or removes one (the
 * count); catalog changes move max(updated_at) or the entity count.
 */
export async function leaderboardGeneration(db: Db, scorecard: string): Promise<string> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('grade_current').select((e) => e.fn.countAll().as('n')).where('scorecard', '=', scorecard).as('grades'),
      eb.selectFrom('grade_current').select((e) => e.fn.max('valid_from').as('m')).where('scorecard', '=', scorecard).as('last_grade'),
      eb.selectFrom('entities').select((e) => e.fn.countAll().as('n')).as('entities'),
      eb.selectFrom('entities').select((e) => e.fn.max('updated_at').as('m')).as('last_entity'),
    ])
    .executeTakeFirstOrThrow();
  return `${row.grades}|${row.last_grade}|${row.entities}|${row.last_entity}`;
}

/** Every entity's score and grade at instant `at` (ISO): the interval containing it. */
export async function scoresAt(db: Db, scorecard: string, at: string | null): Promise<ScoreRow[]> {
  if (at === null) return db.selectFrom('grade_current').select(['entity', 'score', 'grade']).where('scorecard', '=', scorecard).execute();
  return db.selectFrom('grade_history').select(['entity', 'score', 'grade']).where('scorecard', '=', scorecard).where(containing(at)).execute();
}

export interface ServiceEntity {
  ref: string;
  name: string;
  owner: string | null;
  system: string | null;
  tier: number | null;
  body: string;
}

/** The leaderboard's services: Components of type service, plus anything graded on the scorecard now. */
export async function leaderboardEntities(db: Db, scorecard: string): Promise<ServiceEntity[]> {
  return db
    .selectFrom('entities')
    .select(['ref', 'name', 'owner', 'system', 'tier', 'body'])
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'component'), eb('type', '=', 'service')]),
        eb('ref', 'in', eb.selectFrom('grade_current').select('entity').where('scorecard', '=', scorecard)),
      ]),
    )
    .execute();
}

/** Requirements failing (fail, error, stale) at `from` and passing at `to`, counted per entity. */
export async function requirementsFixed(db: Db, scorecard: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('requirement_results as f')
    .innerJoin('requirement_results as t', (j) => j.onRef('t.scorecard', '=', 'f.scorecard').onRef('t.entity', '=', 'f.entity').onRef('t.requirement', '=', 'f.requirement'))
    .select(['t.entity as entity', (eb) => eb.fn.countAll<number>().as('n')])
    .where('f.scorecard', '=', scorecard)
    .where(containing(from, 'f'))
    .where('f.state', 'in', ['fail', 'error', 'stale'])
    .where(containing(to, 't'))
    .where('t.state', '=', 'pass')
    .groupBy('t.entity')
    .execute();
  return new Map(rows.map((r) => [r.entity, Number(r.n)]));
}

export async function listHackdays(db: Db): Promise<HackdayRow[]> {
  return db.selectFrom('hackdays').selectAll().orderBy('start', 'desc').execute();
}

export async function getHackday(db: Db, name: string): Promise<HackdayRow | undefined> {
  return db.selectFrom('hackdays').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The HackDay running at `now` (the earliest started), if any. */
export async function runningHackday(db: Db, now: string): Promise<HackdayRow | undefined> {
  return db.selectFrom('hackdays').selectAll().where('start', '<=', now).where('end', '>', now).orderBy('start').limit(1).executeTakeFirst();
}

export async function upsertHackday(db: Db, row: HackdayRow): Promise<void> {
  const { name: _name, ...rest } = row;
  await db.insertInto('hackdays').values(row).onConflict((oc) => oc.column('name').doUpdateSet(rest)).execute();
}

export async function deleteHackdaysExcept(db: Db, source: string, keep: string[]): Promise<void> {
  let q = db.deleteFrom('hackdays').where('source', '=', source);
  if (keep.length > 0) q = q.where('name', 'not in', keep);
  await q.execute();
}

/** Stores results once: only when none are stored yet, so the first freeze wins across processes. */
export async function freezeHackday(db: Db, name: string, results: string): Promise<boolean> {
  const res = await db.updateTable('hackdays').set({ frozen_results: results }).where('name', '=', name).where('frozen_results', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

