// "Why did the grade change?" — separates "the rubric changed" from "the service changed".
//
// Attribution (all scores recomputed with scoreEntity, so the two parts add up exactly):
//   H = the T1 states judged under the T2 rubric. For requirements whose state-defining
//       fields changed (added, check, appliesTo, enforceFrom, freshness) the T1 state under
//       the new rule is unknown, so H takes their T2 state: their change counts as rubric.
//   rubric effect  = score(H, R2) − score(S1, R1)
//   service effect = score(S2, R2) − score(H, R2)
// Per-item points are one-at-a-time deltas (rubric items from (S1, R1), service items from
// (H, R2)); when the counted set changes (n/a, exempt) they need not sum to the totals.
import type { Grade } from '../../../common/grades.ts';
import type { Scorecard, ScorecardSpec } from '../document/document.ts';
import { applyChange, diffRubric, STATE_DEFINING, type RubricFieldChange } from '../document/rubric-diff.ts';
import { round2, scoreEntity, type ResultState, type ScoredResult } from '../evaluation/scoring.ts';

export interface Snapshot {
  version: string;
  score: number | null;
  grade: Grade | null;
  requirements: readonly ScoredResult[];
}

export interface RubricChange extends RubricFieldChange {
  /** Score points this change alone moved; null when it cannot be known. */
  pointsEffect: number | null;
}

export interface ServiceChange {
  requirement: string;
  before: ResultState | null;
  after: ResultState | null;
  beforeGraced?: boolean;
  afterGraced?: boolean;
  pointsEffect: number | null;
}

export interface WhyDiff {
  from: { grade: Grade | null; score: number | null; version: string };
  to: { grade: Grade | null; score: number | null; version: string };
  rubricChanged: boolean;
  rubricEffect: number | null;
  serviceEffect: number | null;
  rubricChanges: RubricChange[];
  serviceChanges: ServiceChange[];
  summary: string;
}

type Rubric = Pick<Scorecard, 'spec' | 'version'>;

const scoreOf = (states: readonly ScoredResult[], spec: ScorecardSpec): number | null => scoreEntity(states, { spec }).score;
const minus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : round2(a - b));
const withState = (states: readonly ScoredResult[], s: ScoredResult | undefined, id: string): ScoredResult[] =>
  s ? [...states.filter((x) => x.id !== id), s] : states.filter((x) => x.id !== id);

/** `rubrics.before` is needed when the versions differ; without it the rubric part is reported as unknown. */
export function whyDiff(before: Snapshot, after: Snapshot, rubrics: { before?: Rubric; after: Rubric }): WhyDiff {
  const R2 = rubrics.after.spec;
  const rubricChanged = before.version !== after.version;
  const R1 = rubricChanged ? rubrics.before?.spec : R2;
  const S1 = before.requirements;
  const S2 = after.requirements;
  const s2ById = new Map(S2.map((s) => [s.id, s]));
  const s1ById = new Map(S1.map((s) => [s.id, s]));
  const base = { from: pick(before), to: pick(after), rubricChanged };
  if (!R1) return unknownRubric(base, S1, S2);

  const fieldChanges = rubricChanged ? diffRubric(R1, R2) : [];
  const redefined = new Set(fieldChanges.filter((c) => STATE_DEFINING.includes(c.change)).map((c) => c.requirement));
  const H = R2.requirements.flatMap((r) => {
    const s = redefined.has(r.id) ? s2ById.get(r.id) : s1ById.get(r.id);
    return s ? [s] : [];
  });
  const score1 = scoreOf(S1, R1);
  const scoreH = scoreOf(H, R2);
  const rubricChanges = fieldChanges.map((c) => ({ ...c, pointsEffect: rubricItemEffect(c, S1, R1, score1, s2ById) }));
  const serviceChanges = R2.requirements.flatMap((r) => serviceChange(r.id, redefined, s1ById, s2ById, H, R2, scoreH));
  const diff = { ...base, rubricEffect: minus(scoreH, score1), serviceEffect: minus(scoreOf(S2, R2), scoreH), rubricChanges, serviceChanges };
  return { ...diff, summary: summarize(diff) };
}

const pick = (s: Snapshot) => ({ grade: s.grade, score: s.score, version: s.version });

function rubricItemEffect(c: RubricFieldChange, S1: readonly ScoredResult[], R1: ScorecardSpec, score1: number | null, s2ById: Map<string, ScoredResult>): number | null {
  if (c.change === 'wording' || c.change === 'gate' || c.change === 'grades') return 0;
  if (c.change === 'scorecardAppliesTo') return null;
  const states = c.requirement && STATE_DEFINING.includes(c.change) ? withState(S1, s2ById.get(c.requirement), c.requirement) : S1;
  return minus(scoreOf(states, applyChange(R1, c)), score1);
}

function serviceChange(
  id: string,
  redefined: Set<string | null>,
  s1: Map<string, ScoredResult>,
  s2: Map<string, ScoredResult>,
  H: ScoredResult[],
  R2: ScorecardSpec,
  scoreH: number | null,
): ServiceChange[] {
  if (redefined.has(id)) return [];
  const a = s1.get(id);
  const b = s2.get(id);
  if (a?.state === b?.state && !!a?.graced === !!b?.graced) return [];
  const pointsEffect = minus(scoreOf(withState(H, b, id), R2), scoreH);
  return [{ requirement: id, before: a?.state ?? null, after: b?.state ?? null, beforeGraced: a?.graced, afterGraced: b?.graced, pointsEffect }];
}

function unknownRubric(base: Pick<WhyDiff, 'from' | 'to' | 'rubricChanged'>, S1: readonly ScoredResult[], S2: readonly ScoredResult[]): WhyDiff {
  const s1 = new Map(S1.map((s) => [s.id, s]));
  const serviceChanges: ServiceChange[] = S2.filter((b) => s1.get(b.id)?.state !== b.state).map((b) => ({ requirement: b.id, before: s1.get(b.id)?.state ?? null, after: b.state, pointsEffect: null }));
  const rubricChanges: RubricChange[] = [{ requirement: null, change: 'unknown', before: base.from.version, after: base.to.version, pointsEffect: null }];
  const diff = { ...base, rubricEffect: null, serviceEffect: null, rubricChanges, serviceChanges };
  return { ...diff, summary: `${summarize(diff)} The previous rubric is not available, so the change cannot be split.` };
}

const signed = (n: number | null): string => (n === null ? '? points' : `${n >= 0 ? '+' : ''}${n.toFixed(2)} points`);
const gradeText = (g: { grade: Grade | null; score: number | null }): string => (g.grade === null ? 'no grade' : `${g.grade} (${g.score?.toFixed(2)})`);
const stateText = (s: ResultState | null, graced?: boolean): string => (s === null ? 'absent' : graced ? `${s} (grace period)` : s);

function describeRubricChange(c: RubricChange): string {
  const who = c.requirement ? `'${c.requirement}'` : 'scorecard';
  if (c.change === 'added' || c.change === 'removed') return `requirement ${who} ${c.change}`;
  if (c.change === 'weight' || c.change === 'gate' || c.change === 'enforceFrom' || c.change === 'freshness' || c.change === 'warnCredit') {
    return `${c.change} of ${who} ${String(c.before ?? 'none')} → ${String(c.after ?? 'none')}`;
  }
  return `${c.change} of ${who} changed`;
}

function summarize(d: Omit<WhyDiff, 'summary'>): string {
  const parts = [`${gradeText(d.from)} → ${gradeText(d.to)}.`];
  const rubricItems = d.rubricChanges.filter((c) => c.change !== 'wording' && c.change !== 'unknown');
  if (d.rubricChanged) {
    const items = rubricItems.map(describeRubricChange).join(', ') || 'wording only';
    parts.push(`The rubric changed (${d.from.version} → ${d.to.version}), ${signed(d.rubricEffect)}: ${items}.`);
  }
  if (d.serviceChanges.length > 0) {
    const items = d.serviceChanges.map((c) => `'${c.requirement}' ${stateText(c.before, c.beforeGraced)} → ${stateText(c.after, c.afterGraced)}`).join(', ');
    parts.push(`The service changed, ${signed(d.serviceEffect)}: ${items}.`);
  } else if (!d.rubricChanged) parts.push('Nothing changed.');
  return parts.join(' ');
}
