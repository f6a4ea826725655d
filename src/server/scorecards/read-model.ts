// What other domains read of the scorecards — grades now and at any instant, requirement states,
// rubrics, waivers — so policies, the leaderboard and notifications never touch these tables.
import type { Db } from '../platform/db/connect.ts';
import { containing } from './history/intervals.ts';
import type { ResultState, ScoredResult } from './evaluation/scoring.ts';
import { listScorecardRows } from './repository.ts';

export interface GradeRow {
  entity: string;
  score: number | null;
  grade: string | null;
}

const CHUNK = 500;

/** Changes whenever a grade of the scorecard opens, changes or closes. */
export async function gradesGeneration(db: Db, scorecard: string): Promise<string> {
  const row = await db
    .selectFrom('grade_current')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('valid_from').as('m')])
    .where('scorecard', '=', scorecard)
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.m ?? ''}`;
}

/** Every entity's score and grade now (`at` null) or at an instant (the interval containing it). */
export async function gradesAt(db: Db, scorecard: string, at: string | null): Promise<GradeRow[]> {
  if (at === null) return db.selectFrom('grade_current').select(['entity', 'score', 'grade']).where('scorecard', '=', scorecard).execute();
  return db.selectFrom('grade_history').select(['entity', 'score', 'grade']).where('scorecard', '=', scorecard).where(containing(at)).execute();
}

export interface GradeInterval extends GradeRow {
  /** ISO time the grade began; `to` null = still current. */
  from: string;
  to: string | null;
}

/** Every grade interval of the scorecard that overlaps [from, to] (begins by `to`, ends after `from`), in begin order. */
export async function gradeIntervals(db: Db, scorecard: string, from: string, to: string): Promise<GradeInterval[]> {
  const rows = await db
    .selectFrom('grade_history')
    .select(['entity', 'score', 'grade', 'valid_from', 'valid_to'])
    .where('scorecard', '=', scorecard)
    .where('valid_from', '<=', to)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]))
    .orderBy('valid_from')
    .orderBy('entity')
    .execute();
  return rows.map((r) => ({ entity: r.entity, score: r.score === null ? null : Number(r.score), grade: r.grade, from: r.valid_from, to: r.valid_to }));
}

/** Current grades of these entities on these scorecards. */
export async function currentGrades(db: Db, scorecards: readonly string[], entities?: readonly string[]): Promise<(GradeRow & { scorecard: string })[]> {
  if (scorecards.length === 0) return [];
  const q = () => db.selectFrom('grade_current').select(['entity', 'scorecard', 'grade', 'score']).where('scorecard', 'in', [...scorecards]);
  if (!entities) return q().execute();
  const out: (GradeRow & { scorecard: string })[] = [];
  for (let i = 0; i < entities.length; i += CHUNK) out.push(...(await q().where('entity', 'in', entities.slice(i, i + CHUNK)).execute()));
  return out;
}

/** Entities with grade F (or another letter) now. */
export async function entitiesGraded(db: Db, scorecard: string, grade: string): Promise<GradeRow[]> {
  return db.selectFrom('grade_current').select(['entity', 'score', 'grade']).where('scorecard', '=', scorecard).where('grade', '=', grade).orderBy('entity').execute();
}

/** One entity's current results of some requirements on a scorecard, with their messages (the deploy gate of policies). */
export async function currentRequirementResults(db: Db, scorecard: string, entity: string, requirements: readonly string[]): Promise<{ id: string; state: string; message: string }[]> {
  if (requirements.length === 0) return [];
  const rows = await db.selectFrom('requirement_current').select(['requirement', 'state', 'message']).where('scorecard', '=', scorecard).where('entity', '=', entity).where('requirement', 'in', [...requirements]).orderBy('requirement').execute();
  return rows.map((r) => ({ id: r.requirement, state: r.state, message: r.message }));
}

/** Current requirement states of entities on a scorecard, as the scoring engine takes them. */
export async function currentRequirementStates(db: Db, scorecard: string, entities: readonly string[]): Promise<Map<string, ScoredResult[]>> {
  const out = new Map<string, ScoredResult[]>();
  for (let i = 0; i < entities.length; i += CHUNK) {
    const rows = await db.selectFrom('requirement_current').select(['entity', 'requirement', 'state', 'graced']).where('scorecard', '=', scorecard).where('entity', 'in', entities.slice(i, i + CHUNK)).execute();
    for (const r of rows) {
      const list = out.get(r.entity) ?? [];
      list.push({ id: r.requirement, state: r.state as ResultState, graced: r.graced === 1 });
      out.set(r.entity, list);
    }
  }
  return out;
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

/** True once any evaluation run has finished (ok or failed): until then "no grades" means "not graded yet". */
export async function firstEvaluationDone(db: Db): Promise<boolean> {
  return (await db.selectFrom('evaluation_runs').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** The names of the stored scorecards, in name order. */
export async function scorecardNames(db: Db): Promise<string[]> {
  return (await listScorecardRows(db)).map((r) => r.name);
}

/** Approved waivers expiring in (from, until]. */
export async function waiversExpiring(db: Db, from: string, until: string) {
  const rows = await db.selectFrom('waivers').selectAll().where('status', '=', 'approved').where('expires_at', '>', from).where('expires_at', '<=', until).execute();
  return rows.map((w) => ({ id: w.id, entity: w.entity, scorecard: w.scorecard, requirement: w.requirement, expiresAt: w.expires_at }));
}
