// Lossless, compact history. A requirement's result and an entity's grade are intervals
// [valid_from, valid_to); a run compares its results with the open intervals and writes only
// differences: it closes the changed ones and opens new ones. Unchanged results write nothing,
// so storage grows with changes, not with runs. Call inside the run's transaction.
import type { Db } from '../db/connect.ts';
import type { EntityResult } from './evaluate.ts';
import { insertRows, whereTuplesIn } from './sql.ts';

const MAX_MESSAGE = 2000;
const MAX_EVIDENCE = 8000;
const CHUNK = 500;

export interface GradeState {
  score: number | null;
  grade: string | null;
  version: string;
}

/** An entity's grade row changed (or appeared, or went away). */
export interface GradeChange {
  scorecard: string;
  entity: string;
  before: GradeState | null;
  after: GradeState | null;
  at: string;
}

export interface PersistSummary {
  /** Results written (entities evaluated). */
  entities: number;
  requirementsOpened: number;
  requirementsClosed: number;
  gradeChanges: GradeChange[];
}

/** What is stored for one requirement result; also the comparison key. */
export function storedResult(r: EntityResult['requirements'][number], version: string) {
  return { state: r.state, message: r.message.slice(0, MAX_MESSAGE), evidence: evidenceText(r.evidence), version, graced: r.graced ? 1 : 0 };
}

export function evidenceText(evidence: unknown): string | null {
  if (evidence === undefined || evidence === null) return null;
  const text = JSON.stringify(evidence);
  return text.length <= MAX_EVIDENCE ? text : JSON.stringify({ truncated: true, excerpt: text.slice(0, 2000) });
}

type Stored = ReturnType<typeof storedResult>;
const sameResult = (a: Stored, b: Stored): boolean => a.state === b.state && a.message === b.message && a.evidence === b.evidence && a.version === b.version && a.graced === b.graced;

async function openResults(db: Db, scorecard: string, entities?: readonly string[]): Promise<Map<string, Stored>> {
  const out = new Map<string, Stored>();
  const base = () => db.selectFrom('requirement_results').select(['entity', 'requirement', 'state', 'message', 'evidence', 'version', 'graced']).where('scorecard', '=', scorecard).where('valid_to', 'is', null);
  const chunks = entities ? chunked(entities) : [undefined];
  for (const chunk of chunks) {
    const rows = await (chunk ? base().where('entity', 'in', chunk) : base()).execute();
    for (const r of rows) out.set(`${r.entity}\u0000${r.requirement}`, { state: r.state as Stored['state'], message: r.message, evidence: r.evidence, version: r.version, graced: Number(r.graced) });
  }
  return out;
}

async function openGrades(db: Db, scorecard: string, entities?: readonly string[]): Promise<Map<string, GradeState>> {
  const out = new Map<string, GradeState>();
  const base = () => db.selectFrom('grade_history').select(['entity', 'score', 'grade', 'version']).where('scorecard', '=', scorecard).where('valid_to', 'is', null);
  for (const chunk of entities ? chunked(entities) : [undefined]) {
    const rows = await (chunk ? base().where('entity', 'in', chunk) : base()).execute();
    for (const r of rows) out.set(r.entity, { score: r.score === null ? null : Number(r.score), grade: r.grade, version: r.version });
  }
  return out;
}

function chunked<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out.length ? out : [[]];
}

/**
 * Writes the differences between `results` and the open intervals of `scorecard`.
 * `scope.entities` limits the comparison to those entities (a partial run); without it the
 * run covered every entity, and open intervals of entities (or requirements) absent from
 * `results` are closed: the scorecard no longer applies to them.
 */
export async function persistResults(db: Db, scorecard: string, results: readonly EntityResult[], scope: { entities?: readonly string[] }, now: Date): Promise<PersistSummary> {
  const at = now.toISOString();
  const [current, grades] = await Promise.all([openResults(db, scorecard, scope.entities), openGrades(db, scorecard, scope.entities)]);
  const closeKeys: string[][] = [];
  const inserts: unknown[][] = [];
  const gradeChanges: GradeChange[] = [];
  for (const res of results) {
    for (const r of res.requirements) {
      const key = `${res.entity}\u0000${r.id}`;
      const next = storedResult(r, res.version);
      const prev = current.get(key);
      current.delete(key);
      if (prev && sameResult(prev, next)) continue;
      if (prev) closeKeys.push([res.entity, r.id]);
      inserts.push([scorecard, res.entity, r.id, next.state, next.message, next.evidence, next.version, next.graced, at, null]);
    }
    const prevGrade = grades.get(res.entity);
    grades.delete(res.entity);
    const nextGrade = { score: res.score, grade: res.grade, version: res.version };
    if (!prevGrade || prevGrade.score !== nextGrade.score || prevGrade.grade !== nextGrade.grade || prevGrade.version !== nextGrade.version) {
      gradeChanges.push({ scorecard, entity: res.entity, before: prevGrade ?? null, after: nextGrade, at });
    }
  }
  for (const key of current.keys()) closeKeys.push(key.split('\u0000'));
  for (const [entity, before] of grades) gradeChanges.push({ scorecard, entity, before, after: null, at });
  await writeRequirementChanges(db, scorecard, closeKeys, inserts, at);
  await writeGradeChanges(db, scorecard, gradeChanges, at);
  return { entities: results.length, requirementsOpened: inserts.length, requirementsClosed: closeKeys.length, gradeChanges };
}

async function writeRequirementChanges(db: Db, scorecard: string, closeKeys: string[][], inserts: unknown[][], at: string): Promise<void> {
  if (closeKeys.length) {
    await whereTuplesIn(db, (p) => `update requirement_results set valid_to = ${p(1)} where scorecard = ${p(2)} and valid_to is null`, [at, scorecard], ['entity', 'requirement'], closeKeys);
    // An interval opened and closed at the same instant carries no time: drop it, so the new row can take its key.
    await db.deleteFrom('requirement_results').where('scorecard', '=', scorecard).where('valid_to', '=', at).where('valid_from', '=', at).execute();
  }
  const columns = ['scorecard', 'entity', 'requirement', 'state', 'message', 'evidence', 'version', 'graced', 'valid_from', 'valid_to'];
  await insertRows(db, 'requirement_results', columns, inserts);
}

async function writeGradeChanges(db: Db, scorecard: string, changes: GradeChange[], at: string): Promise<void> {
  const closing = changes.filter((c) => c.before).map((c) => [c.entity]);
  if (closing.length) {
    await whereTuplesIn(db, (p) => `update grade_history set valid_to = ${p(1)} where scorecard = ${p(2)} and valid_to is null`, [at, scorecard], ['entity'], closing);
    await db.deleteFrom('grade_history').where('scorecard', '=', scorecard).where('valid_to', '=', at).where('valid_from', '=', at).execute();
  }
  const rows = changes.filter((c) => c.after).map((c) => [scorecard, c.entity, c.after!.score, c.after!.grade, c.after!.version, at, null]);
  await insertRows(db, 'grade_history', ['scorecard', 'entity', 'score', 'grade', 'version', 'valid_from', 'valid_to'], rows);
}
