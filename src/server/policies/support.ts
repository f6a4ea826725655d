// Build priority and SRE support by grade, and what a team must fix to regain support.
import { GRADES, compareGrades, type Grade, type GradeBands } from '../../common/grades.ts';
import type { Policy, SupportLevel } from './document.ts';
import { effectiveGrade } from './decide.ts';

/** What Tally's next-best-action list says about one failing requirement. */
export interface FailingRequirement {
  id: string;
  title: string;
  /** Score points gained if this requirement passed (additive: the weights' sum does not change). */
  pointsGained: number;
  /** The grade cap this requirement's gate imposes while it fails (fixing it lifts the cap). */
  liftsGate?: Grade;
}

export interface SupportProgress {
  score: number | null;
  bands: GradeBands;
  failing: FailingRequirement[];
}

export interface SupportDecision {
  level: SupportLevel;
  reason: string;
  /** The nearest better grade with a better support level, when there is one. */
  target: Grade | null;
  toRegain: { requirement: string; title: string; points: number }[];
}

/** Ungraded services under `ungraded: allow|deny` (no letter to borrow from). */
export const UNGRADED_BUILD_PRIORITY = 0;
export const UNGRADED_SUPPORT: SupportLevel = 'best-effort';
const RANK: Record<SupportLevel, number> = { none: 0, 'best-effort': 1, full: 2 };
export const SUPPORT_TEXT: Record<SupportLevel, string> = { full: 'full SRE support', 'best-effort': 'best-effort SRE support', none: 'no SRE support' };
const EPSILON = 1e-9;

export function buildPriority(policy: Policy, grade: Grade | null): number {
  const eff = effectiveGrade(policy, grade);
  return eff === null ? UNGRADED_BUILD_PRIORITY : policy.grades[eff].buildPriority;
}

/** The nearest better grade whose support level beats `level`. */
function supportTarget(policy: Policy, grade: Grade, level: SupportLevel): Grade | null {
  const better = GRADES.filter((g) => compareGrades(g, grade) < 0).reverse();
  return better.find((g) => RANK[policy.grades[g].support] > RANK[level]) ?? null;
}

/**
 * The support level for a grade and, when it is below the best, the failing requirements whose
 * fixing would lift the score to the target grade's band: every requirement gating below the
 * target, then the largest point gains first until the band is reached (fewest fixes).
 */
export function supportLevel(policy: Policy, grade: Grade | null, progress?: SupportProgress): SupportDecision {
  const eff = effectiveGrade(policy, grade);
  if (eff === null) {
    return { level: UNGRADED_SUPPORT, reason: `The service has no grade yet; it gets ${SUPPORT_TEXT[UNGRADED_SUPPORT]}.`, target: null, toRegain: [] };
  }
  const level = policy.grades[eff].support;
  const who = grade === null ? `The service has no grade yet and is treated as ${eff}; it` : `Grade ${eff}`;
  const head = `${who} gets ${SUPPORT_TEXT[level]}.`;
  const target = supportTarget(policy, eff, level);
  if (!target || target === 'F') return { level, reason: head, target: null, toRegain: [] };
  const targetLevel = policy.grades[target].support;
  const goal = `${SUPPORT_TEXT[targetLevel]} from grade ${target} (score ≥ ${progress?.bands[target] ?? '?'})`;
  if (!progress || progress.score === null) return { level, reason: `${head} It gets ${goal}.`, target, toRegain: [] };
  const { picked, reachable } = pickFixes(progress, target);
  const toRegain = picked.map((r) => ({ requirement: r.id, title: r.title, points: r.pointsGained }));
  const gained = picked.reduce((s, r) => s + r.pointsGained, 0);
  const how = reachable
    ? `fixing ${picked.length} requirement${picked.length === 1 ? '' : 's'} brings +${gained.toFixed(1)} points`
    : 'fixing every failing requirement is not enough on its own';
  return { level, reason: `${head} It gets ${goal}; the score is ${progress.score.toFixed(1)}: ${how}.`, target, toRegain };
}

function pickFixes(progress: SupportProgress, target: Grade): { picked: FailingRequirement[]; reachable: boolean } {
  const needed = progress.bands[target as Exclude<Grade, 'F'>] - (progress.score ?? 0);
  const gates = progress.failing.filter((r) => r.liftsGate !== undefined && compareGrades(r.liftsGate, target) > 0);
  const rest = progress.failing
    .filter((r) => !gates.includes(r))
    .sort((a, b) => b.pointsGained - a.pointsGained || a.id.localeCompare(b.id));
  const picked = [...gates];
  let gained = gates.reduce((s, r) => s + r.pointsGained, 0);
  for (const r of rest) {
    if (gained >= needed - EPSILON) break;
    picked.push(r);
    gained += r.pointsGained;
  }
  return { picked, reachable: gained >= needed - EPSILON };
}
