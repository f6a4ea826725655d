// Scoring, exactly DESIGN.md §5. Pure functions: a check's outcome becomes a result state
// (waivers, grace, freshness applied here), results become a score and a grade.
import { compareGrades, gradeAbove, gradeForScore, worseGrade, type Grade } from '../../../common/grades.ts';
import type { Outcome } from '../../checks/index.ts';
import type { Requirement, Scorecard } from '../document/document.ts';
import { formatDuration, parseDuration } from '../../../common/duration.ts';

export type ResultState = 'pass' | 'warn' | 'fail' | 'error' | 'stale' | 'n/a' | 'exempt';
/** States that score 0 and trigger a requirement's gate. */
export const FAILING_STATES: readonly ResultState[] = ['fail', 'error', 'stale'];

/** An exception granted for one requirement of one entity; only approved, unexpired ones count. */
export interface Waiver {
  entityRef: string;
  scorecard: string;
  requirement: string;
  approved: boolean;
  expiresAt?: string; // ISO-8601; absent = until revoked
  by?: string;
  reason?: string;
}

export interface ResolvedState {
  state: ResultState;
  message: string;
  evidence?: unknown;
  observedAt?: string;
  /** Set when a failure happened before the requirement's `enforceFrom`: shown as warn, counted as a pass. */
  graced?: true;
}

export const isWaiverActive = (w: Waiver | undefined, now: Date): w is Waiver =>
  !!w && w.approved && (w.expiresAt === undefined || Date.parse(w.expiresAt) > now.getTime());

/**
 * Outcome → result state, in this order:
 * 1. `n/a` and `error` are kept (an error is "could not evaluate"; it never passes).
 * 2. freshness: facts observed longer ago than `freshness` make pass/warn/fail `stale`.
 * 3. waiver: an approved, unexpired waiver turns any non-passing state (warn, fail, stale,
 *    error) into `exempt`; a passing check keeps its pass (the waiver is not needed).
 * 4. grace: before `enforceFrom`, warn/fail/stale show as `warn` with `graced: true` and count
 *    as a pass ("costs nothing"). Errors are not graced.
 */
export function resolveState(outcome: Outcome, requirement: Pick<Requirement, 'freshness' | 'enforceFrom'>, opts: { now: Date; waiver?: Waiver }): ResolvedState {
  // Hot path (10k entities × 30 requirements): one object, mutated in place, no spreads.
  const r: ResolvedState = { state: outcome.state, message: outcome.message, evidence: outcome.evidence, observedAt: outcome.observedAt };
  if (r.state === 'n/a') return r;
  if (requirement.freshness && r.state !== 'error') {
    const stale = staleMessage(outcome, requirement.freshness, opts.now);
    if (stale) {
      r.state = 'stale';
      r.message = stale;
    }
  }
  if (opts.waiver && r.state !== 'pass' && isWaiverActive(opts.waiver, opts.now)) {
    const w = opts.waiver;
    const until = w.expiresAt ? ` until ${w.expiresAt.slice(0, 10)}` : '';
    r.message = `waived${w.by ? ` by ${w.by}` : ''}${until}${w.reason ? `: ${w.reason}` : ''} (check said: ${r.message})`;
    r.state = 'exempt';
    return r;
  }
  if (requirement.enforceFrom && (r.state === 'fail' || r.state === 'stale' || r.state === 'warn') && opts.now.getTime() < Date.parse(requirement.enforceFrom)) {
    r.message = `not enforced until ${requirement.enforceFrom.slice(0, 10)}: ${r.message}`;
    r.state = 'warn';
    r.graced = true;
  }
  return r;
}

function staleMessage(outcome: Outcome, freshness: string | undefined, now: Date): string | undefined {
  if (!freshness || !outcome.observedAt) return undefined;
  const maxAge = parseDuration(freshness);
  const observed = Date.parse(outcome.observedAt);
  if (maxAge === undefined || Number.isNaN(observed) || now.getTime() - observed <= maxAge) return undefined;
  return `last observed ${outcome.observedAt.slice(0, 10)}, older than ${formatDuration(maxAge)}`;
}

/** pass 1, warn `warnCredit` (a graced warn 1), fail/error/stale 0; n/a and exempt are not counted (null). */
export function pointsFor(state: ResultState, warnCredit: number, graced?: boolean): number | null {
  switch (state) {
    case 'pass':
      return 1;
    case 'warn':
      return graced ? 1 : warnCredit;
    case 'n/a':
    case 'exempt':
      return null;
    default:
      return 0;
  }
}

export interface EntityScore {
  /** 0..100 rounded to 2 decimals; bands compare this same rounded number. Null when nothing counted. */
  score: number | null;
  grade: Grade | null;
  /** The band's grade before gates. */
  bandGrade: Grade | null;
  /** How many requirements entered the sums. */
  counted: number;
  /** Failing requirements whose gate is below the band grade, worst gate first. */
  cappedBy: string[];
  /** Score points missing to reach `nextGrade`'s band; 0 when only gates hold the grade down. */
  pointsMissingToNextGrade: number | null;
  nextGrade: Grade | null;
}

export interface ScoredResult {
  id: string;
  state: ResultState;
  graced?: boolean;
}

const indexes = new WeakMap<Scorecard['spec'], Map<string, Requirement>>();
function requirementIndex(spec: Scorecard['spec']): Map<string, Requirement> {
  let m = indexes.get(spec);
  if (!m) indexes.set(spec, (m = new Map(spec.requirements.map((r) => [r.id, r]))));
  return m;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Results (one per requirement id of the scorecard; missing ids are ignored) → score and grade. */
export function scoreEntity(results: readonly ScoredResult[], scorecard: Pick<Scorecard, 'spec'>): EntityScore {
  const { spec } = scorecard;
  const byId = requirementIndex(spec);
  let sumW = 0;
  let sumWP = 0;
  let counted = 0;
  const failingGates: { id: string; gate: Grade }[] = [];
  for (const r of results) {
    const req = byId.get(r.id);
    if (!req) continue;
    const p = pointsFor(r.state, spec.warnCredit, r.graced);
    if (p === null) continue;
    counted++;
    sumW += req.weight;
    sumWP += req.weight * p;
    if (req.gate && FAILING_STATES.includes(r.state)) failingGates.push({ id: r.id, gate: req.gate });
  }
  if (counted === 0) return { score: null, grade: null, bandGrade: null, counted: 0, cappedBy: [], pointsMissingToNextGrade: null, nextGrade: null };
  const score = round2((100 * sumWP) / sumW);
  const bandGrade = gradeForScore(score, spec.grades);
  const capping = failingGates.filter((g) => compareGrades(g.gate, bandGrade) > 0).sort((a, b) => compareGrades(b.gate, a.gate));
  const grade = capping.reduce<Grade>((g, c) => worseGrade(g, c.gate), bandGrade);
  const nextGrade = gradeAbove(grade);
  const missing = nextGrade === null ? null : Math.max(0, round2(spec.grades[nextGrade as keyof typeof spec.grades] - score));
  return { score, grade, bandGrade, counted, cappedBy: capping.map((c) => c.id), pointsMissingToNextGrade: missing, nextGrade };
}
