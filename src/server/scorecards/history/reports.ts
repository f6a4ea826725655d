// Read models over the stored results: an entity's report card (scores, requirements, next
// best actions), its history, its grade at a time, and why its grade changed.
import { DEFAULT_GRADE_BANDS, type Grade } from '../../../common/grades.ts';
import type { Db } from '../../platform/db/connect.ts';
import { InputError, NotFoundError } from '../../platform/problems.ts';
import { nextBestActions } from '../evaluation/next-actions.ts';
import type { ResultState, ScoredResult } from '../evaluation/scoring.ts';
import { loadRubrics, rubricAt, type Rubric } from '../repository.ts';
import type { GradeHistoryRow } from '../tables.ts';
import { containing } from './intervals.ts';
import { whyDiff } from './why.ts';

const parseJson = (t: string | null): unknown => (t === null ? null : JSON.parse(t));

/** Rows valid at `at` (valid_from ≤ at < valid_to), or the open ones when `at` is absent. */
async function requirementRows(db: Db, entity: string, scorecard: string, at?: string) {
  if (!at) return db.selectFrom('requirement_current').selectAll().where('entity', '=', entity).where('scorecard', '=', scorecard).orderBy('requirement').execute();
  return db.selectFrom('requirement_results').selectAll().where('entity', '=', entity).where('scorecard', '=', scorecard).where(containing(at)).orderBy('requirement').execute();
}

async function gradeRow(db: Db, entity: string, scorecard: string, at?: string): Promise<GradeHistoryRow | undefined> {
  if (!at) {
    const row = await db.selectFrom('grade_current').selectAll().where('entity', '=', entity).where('scorecard', '=', scorecard).executeTakeFirst();
    return row && { ...row, valid_to: null };
  }
  return db.selectFrom('grade_history').selectAll().where('entity', '=', entity).where('scorecard', '=', scorecard).where(containing(at)).executeTakeFirst();
}

/** The rubric a stored version was: from scorecard_versions, else the current scorecard when the versions match. */
async function rubricFor(db: Db, name: string, version: string, current?: Rubric): Promise<Rubric | undefined> {
  if (current?.version === version) return current;
  return rubricAt(db, name, version);
}

async function activeWaiversOf(db: Db, entity: string, now: Date) {
  const rows = await db.selectFrom('waivers').selectAll().where('entity', '=', entity).where('status', '=', 'approved').where('expires_at', '>', now.toISOString()).execute();
  return new Map(rows.map((w) => [`${w.scorecard}|${w.requirement}`, { id: w.id, reason: w.reason, approvedBy: w.decided_by, expiresAt: w.expires_at }]));
}

type ResultRow = Awaited<ReturnType<typeof requirementRows>>[number];

/** Each stored result with what its rubric says about it (title, how to pass, why, weight, gate). */
function requirementViews(rows: ResultRow[], rubric: Rubric, waiverOf: (id: string) => { id: string; reason: string; approvedBy: string | null; expiresAt: string } | null) {
  const reqs = new Map(rubric.spec.requirements.map((r) => [r.id, r]));
  return rows.map((r) => {
    const q = reqs.get(r.requirement);
    return {
      id: r.requirement,
      title: q?.title ?? r.requirement,
      description: q?.description ?? null,
      category: q?.category ?? 'general',
      rationale: q?.rationale ?? null,
      weight: q?.weight ?? 0,
      gate: q?.gate ?? null,
      state: r.state as ResultState,
      message: r.message,
      evidence: parseJson(r.evidence),
      graced: !!Number(r.graced),
      since: r.valid_from,
      waiver: waiverOf(r.requirement),
    };
  });
}

export async function entityScores(db: Db, entity: string, opts: { scorecard?: string; now: Date }) {
  // Independent reads run side by side: a report card is one round trip fewer per step under load.
  const [scorecards, waivers] = await Promise.all([loadRubrics(db, opts.scorecard ? [opts.scorecard] : undefined), activeWaiversOf(db, entity, opts.now)]);
  if (opts.scorecard && scorecards.length === 0) throw new NotFoundError(`no scorecard '${opts.scorecard}'`);
  const out = [];
  for (const scorecard of scorecards) {
    const name = scorecard.name;
    const [grade, rows] = await Promise.all([gradeRow(db, entity, name), requirementRows(db, entity, name)]);
    if (!grade) continue;
    const rubric = (await rubricFor(db, name, grade.version, scorecard)) ?? scorecard;
    const requirements = requirementViews(rows, rubric, (id) => waivers.get(`${name}|${id}`) ?? null);
    const next = nextBestActions(requirements.map((r) => ({ id: r.id, state: r.state, graced: r.graced })), rubric);
    out.push({
      scorecard: name,
      title: scorecard.title ?? name,
      version: grade.version,
      score: grade.score === null ? null : Number(grade.score),
      grade: grade.grade as Grade | null,
      since: grade.valid_from,
      nextGrade: next.nextGrade,
      pointsToNextGrade: next.pointsMissingToNextGrade,
      nextBestActions: next.actions,
      requirements,
    });
  }
  return { entity, scorecards: out };
}

function checkRange(from?: string, to?: string): void {
  if (from && to && from > to) throw new InputError('from must not be after to', [{ severity: 'error', field: 'querystring.from', message: 'after `to`' }]);
}

/** At most this many grade intervals and requirement changes per answer; `truncated` says when there were more (narrow the range). */
export const HISTORY_MAX_ROWS = 5000;

export async function entityHistory(db: Db, entity: string, scorecard: string, range: { from?: string; to?: string }) {
  checkRange(range.from, range.to);
  let g = db.selectFrom('grade_history').selectAll().where('entity', '=', entity).where('scorecard', '=', scorecard).orderBy('valid_from');
  let r = db.selectFrom('requirement_results').selectAll().where('entity', '=', entity).where('scorecard', '=', scorecard).orderBy('valid_from').orderBy('requirement');
  if (range.to) {
    g = g.where('valid_from', '<=', range.to);
    r = r.where('valid_from', '<=', range.to);
  }
  if (range.from) {
    const from = range.from;
    g = g.where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]));
    r = r.where('valid_from', '>=', from);
  }
  const [grades, changes, [rubric]] = await Promise.all([g.limit(HISTORY_MAX_ROWS + 1).execute(), r.limit(HISTORY_MAX_ROWS + 1).execute(), loadRubrics(db, [scorecard])]);
  const truncated = grades.length > HISTORY_MAX_ROWS || changes.length > HISTORY_MAX_ROWS;
  grades.length = Math.min(grades.length, HISTORY_MAX_ROWS);
  changes.length = Math.min(changes.length, HISTORY_MAX_ROWS);
  return {
    entity,
    scorecard,
    truncated,
    // The bands the score chart draws: the scorecard's own, so custom bands show as they grade.
    bands: rubric?.spec.grades ?? { ...DEFAULT_GRADE_BANDS },
    grades: grades.map((x) => ({ score: x.score === null ? null : Number(x.score), grade: x.grade as Grade | null, version: x.version, from: x.valid_from, to: x.valid_to })),
    requirementChanges: changes.map((x) => ({ requirement: x.requirement, state: x.state as ResultState, message: x.message, graced: !!Number(x.graced), version: x.version, from: x.valid_from, to: x.valid_to })),
  };
}

export async function gradeAt(db: Db, entity: string, scorecard: string, at: string) {
  const grade = await gradeRow(db, entity, scorecard, at);
  if (!grade) throw new NotFoundError(`${entity} had no ${scorecard} grade at ${at}`);
  const rows = await requirementRows(db, entity, scorecard, at);
  return {
    entity,
    scorecard,
    at,
    score: grade.score === null ? null : Number(grade.score),
    grade: grade.grade as Grade | null,
    version: grade.version,
    since: grade.valid_from,
    until: grade.valid_to,
    requirements: rows.map((r) => ({ id: r.requirement, state: r.state as ResultState, message: r.message, graced: !!Number(r.graced) })),
  };
}

async function snapshot(db: Db, entity: string, scorecard: string, at: string) {
  const grade = await gradeRow(db, entity, scorecard, at);
  if (!grade) throw new NotFoundError(`${entity} had no ${scorecard} grade at ${at}`);
  const rows = await requirementRows(db, entity, scorecard, at);
  const requirements: ScoredResult[] = rows.map((r) => ({ id: r.requirement, state: r.state as ResultState, ...(Number(r.graced) ? { graced: true } : {}) }));
  return { version: grade.version, score: grade.score === null ? null : Number(grade.score), grade: grade.grade as Grade | null, requirements };
}

export async function why(db: Db, entity: string, scorecard: string, range: { from: string; to: string }) {
  checkRange(range.from, range.to);
  const [before, after] = await Promise.all([snapshot(db, entity, scorecard, range.from), snapshot(db, entity, scorecard, range.to)]);
  const [rBefore, rAfter] = await Promise.all([rubricFor(db, scorecard, before.version), rubricFor(db, scorecard, after.version)]);
  if (!rAfter) throw new NotFoundError(`the rubric version ${after.version} of '${scorecard}' is not stored`);
  return { entity, scorecard, range, ...whyDiff(before, after, { before: rBefore, after: rAfter }) };
}
