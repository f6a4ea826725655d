// Lossless, compact history. A requirement's result and an entity's grade are intervals
// [valid_from, valid_to); a run compares its results with the open intervals and writes only
// differences: it closes the changed ones and opens new ones. Unchanged results write nothing,
// so storage grows with changes, not with runs (intervals.ts: open intervals are rewritten in
// place, closed ones appended). Call inside the run's transaction.
import type { Db } from '../../platform/db/connect.ts';
import type { EntityResult, RequirementOutcome } from '../evaluation/evaluate.ts';
import { digestPart, loadDigests, resultsDigest, writeDigests, type DigestMemo, type StoredResult } from './digests.ts';
import { bumpScorecardsGeneration } from '../generation.ts';
import { closeIntervals, GRADE_INTERVALS, openIntervals, REQUIREMENT_INTERVALS } from './intervals.ts';

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
export function storedResult(r: EntityResult['requirements'][number], version: string): StoredResult {
  return { state: r.state, message: r.message.slice(0, MAX_MESSAGE), evidence: evidenceText(r.evidence), version, graced: r.graced ? 1 : 0 };
}

export function evidenceText(evidence: unknown): string | null {
  if (evidence === undefined || evidence === null) return null;
  const text = JSON.stringify(evidence);
  return text.length <= MAX_EVIDENCE ? text : JSON.stringify({ truncated: true, excerpt: text.slice(0, 2000) });
}

type Stored = StoredResult;
const sameResult = (a: Stored, b: Stored): boolean => a.state === b.state && a.message === b.message && a.evidence === b.evidence && a.version === b.version && a.graced === b.graced;

/** Open requirement results of `entities`, by entity then requirement. */
async function openResults(db: Db, scorecard: string, entities: readonly string[]): Promise<Map<string, Map<string, Stored>>> {
  const out = new Map<string, Map<string, Stored>>();
  for (let i = 0; i < entities.length; i += CHUNK) {
    const rows = await db.selectFrom('requirement_current').select(['entity', 'requirement', 'state', 'message', 'evidence', 'version', 'graced']).where('scorecard', '=', scorecard).where('entity', 'in', entities.slice(i, i + CHUNK)).execute();
    for (const r of rows) {
      let m = out.get(r.entity);
      if (!m) out.set(r.entity, (m = new Map()));
      m.set(r.requirement, { state: r.state, message: r.message, evidence: r.evidence, version: r.version, graced: Number(r.graced) });
    }
  }
  return out;
}

async function openGrades(db: Db, scorecard: string, entities?: readonly string[]): Promise<Map<string, GradeState>> {
  const out = new Map<string, GradeState>();
  const base = () => db.selectFrom('grade_current').select(['entity', 'score', 'grade', 'version']).where('scorecard', '=', scorecard);
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
 * Only entities whose result digest changed (digests.ts) have their open results read.
 */
export async function persistResults(db: Db, scorecard: string, results: readonly EntityResult[], scope: { entities?: readonly string[] }, now: Date): Promise<PersistSummary> {
  const at = now.toISOString();
  // A partial run reads the digests of its scope and of whatever it evaluated.
  const digestScope = scope.entities ? [...new Set([...scope.entities, ...results.map((r) => r.entity)])] : undefined;
  const [digests, grades] = await Promise.all([loadDigests(db, scorecard, digestScope), openGrades(db, scorecard, scope.entities)]);
  const changed: { res: EntityResult; stored: Stored[]; read: boolean }[] = [];
  const newDigests: [string, string][] = [];
  const gradeChanges: GradeChange[] = [];
  const seen = new Set<string>();
  const memo: DigestMemo = new Map();
  // Shared (frozen) requirement outcomes are stored and encoded once per version.
  const shared = new Map<string, WeakMap<RequirementOutcome, { stored: Stored; part: string }>>();
  for (const res of results) {
    seen.add(res.entity);
    const n = res.requirements.length;
    const parts: string[] = new Array(n);
    const stored: Stored[] = new Array(n);
    let byOutcome = shared.get(res.version);
    if (!byOutcome) shared.set(res.version, (byOutcome = new WeakMap()));
    for (let i = 0; i < n; i++) {
      const q = res.requirements[i];
      let m = byOutcome.get(q);
      if (!m) {
        const s = storedResult(q, res.version);
        m = { stored: s, part: digestPart(q.id, s, memo) };
        if (Object.isFrozen(q)) byOutcome.set(q, m);
      }
      stored[i] = m.stored;
      parts[i] = m.part;
    }
    const digest = resultsDigest(parts);
    const before = digests.get(res.entity);
    if (before !== digest) {
      // No digest row means no open results (a row is written whenever results open): nothing to read.
      changed.push({ res, stored, read: before !== undefined });
      newDigests.push([res.entity, digest]);
    }
    const prevGrade = grades.get(res.entity);
    grades.delete(res.entity);
    const nextGrade = { score: res.score, grade: res.grade, version: res.version };
    if (!prevGrade || prevGrade.score !== nextGrade.score || prevGrade.grade !== nextGrade.grade || prevGrade.version !== nextGrade.version) {
      gradeChanges.push({ scorecard, entity: res.entity, before: prevGrade ?? null, after: nextGrade, at });
    }
  }
  for (const [entity, before] of grades) gradeChanges.push({ scorecard, entity, before, after: null, at });
  // Entities the run no longer covers: every open interval of theirs closes.
  const gone = [...new Set(scope.entities ?? digests.keys())].filter((e) => !seen.has(e));
  const current = await openResults(db, scorecard, changed.filter((c) => c.read).map((c) => c.res.entity));
  const edits: RequirementEdits = { replaced: [], removed: [], goneEntities: gone, opened: [] };
  for (const { res, stored } of changed) {
    const open = current.get(res.entity);
    for (let i = 0; i < stored.length; i++) {
      const id = res.requirements[i].id;
      const next = stored[i];
      const prev = open?.get(id);
      if (prev) {
        open!.delete(id);
        if (sameResult(prev, next)) continue;
        edits.replaced.push([res.entity, id]);
      }
      edits.opened.push([res.entity, id, next.state, next.message, next.evidence, next.version, next.graced]);
    }
    if (open) for (const id of open.keys()) edits.removed.push([res.entity, id]);
  }
  const closed = await writeRequirementChanges(db, scorecard, edits, at);
  await writeDigests(db, scorecard, newDigests, gone, at);
  await writeGradeChanges(db, scorecard, gradeChanges, at);
  await bumpScorecardsGeneration(db);
  return { entities: results.length, requirementsOpened: edits.opened.length, requirementsClosed: closed, gradeChanges };
}

interface RequirementEdits {
  /** [entity, requirement] whose open result is replaced by one in `opened`. */
  replaced: string[][];
  /** [entity, requirement] whose open result closes with nothing after it. */
  removed: string[][];
  /** Entities whose open results all close. */
  goneEntities: string[];
  /** New open results: [entity, requirement, state, message, evidence, version, graced]. */
  opened: unknown[][];
}

/** Returns the number of requirement intervals closed. */
async function writeRequirementChanges(db: Db, scorecard: string, edits: RequirementEdits, at: string): Promise<number> {
  const t = REQUIREMENT_INTERVALS;
  await closeIntervals(db, t, scorecard, t.key, edits.replaced, at, false);
  await closeIntervals(db, t, scorecard, t.key, edits.removed, at, true);
  const goneClosed = await closeIntervals(db, t, scorecard, ['entity'], edits.goneEntities.map((e) => [e]), at, true);
  await openIntervals(db, t, scorecard, edits.opened, at);
  return edits.replaced.length + edits.removed.length + goneClosed;
}

async function writeGradeChanges(db: Db, scorecard: string, changes: GradeChange[], at: string): Promise<void> {
  const keys = (list: GradeChange[]) => list.map((c) => [c.entity]);
  await closeIntervals(db, GRADE_INTERVALS, scorecard, ['entity'], keys(changes.filter((c) => c.before && c.after)), at, false);
  await closeIntervals(db, GRADE_INTERVALS, scorecard, ['entity'], keys(changes.filter((c) => c.before && !c.after)), at, true);
  const rows = changes.filter((c) => c.after).map((c) => [c.entity, c.after!.score, c.after!.grade, c.after!.version]);
  await openIntervals(db, GRADE_INTERVALS, scorecard, rows, at);
}
