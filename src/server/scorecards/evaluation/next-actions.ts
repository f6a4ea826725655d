// "What should we fix next?": every requirement not fully passing, ranked by the score
// points it would bring if it passed, with the grade that fix would give.
import { compareGrades, type Grade } from '../../../common/grades.ts';
import type { Scorecard } from '../document/document.ts';
import { scoreEntity, round2, type ResultState, type ScoredResult } from './scoring.ts';

export interface NextAction {
  requirement: string;
  title: string;
  state: ResultState;
  graced?: boolean;
  /** Score points gained if this requirement passed (others unchanged). 0 for a graced warn: it costs nothing yet. */
  points: number;
  /** This requirement's gate currently caps the grade. */
  liftsGate: boolean;
  /** The grade if this requirement alone passed. */
  gradeIfFixed: Grade | null;
  /** When a graced result starts to count. */
  enforceFrom?: string;
}

export interface NextActions {
  actions: NextAction[];
  score: number | null;
  grade: Grade | null;
  nextGrade: Grade | null;
  pointsMissingToNextGrade: number | null;
}

const ACTIONABLE: readonly ResultState[] = ['fail', 'error', 'stale', 'warn'];

/**
 * Ranking: more points first; on a tie, a fix that raises the grade (e.g. lifts a gate)
 * first, then the heavier requirement, then by id so the order is stable.
 */
export function nextBestActions(results: readonly ScoredResult[], scorecard: Pick<Scorecard, 'spec'>): NextActions {
  const now = scoreEntity(results, scorecard);
  const reqs = new Map(scorecard.spec.requirements.map((r) => [r.id, r]));
  const actions: NextAction[] = [];
  for (const r of results) {
    const req = reqs.get(r.id);
    if (!req || !ACTIONABLE.includes(r.state)) continue;
    const fixed = scoreEntity(
      results.map((x) => (x.id === r.id ? { id: x.id, state: 'pass' as const } : x)),
      scorecard,
    );
    actions.push({
      requirement: r.id,
      title: req.title,
      state: r.state,
      ...(r.graced ? { graced: true, enforceFrom: req.enforceFrom } : {}),
      points: round2((fixed.score ?? 0) - (now.score ?? 0)),
      liftsGate: now.cappedBy.includes(r.id),
      gradeIfFixed: fixed.grade,
    });
  }
  const weight = (id: string) => reqs.get(id)?.weight ?? 0;
  const gradeGain = (a: NextAction) => (a.gradeIfFixed && now.grade ? -compareGrades(a.gradeIfFixed, now.grade) : 0);
  actions.sort((a, b) => b.points - a.points || gradeGain(b) - gradeGain(a) || weight(b.requirement) - weight(a.requirement) || a.requirement.localeCompare(b.requirement));
  return { actions, score: now.score, grade: now.grade, nextGrade: now.nextGrade, pointsMissingToNextGrade: now.pointsMissingToNextGrade };
}
