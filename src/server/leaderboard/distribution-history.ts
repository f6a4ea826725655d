// The grade distribution over time, for the company or one team (or system, or tier): at `to`
// and every step before it down to `from`, how many of the services had each grade, and their tier-weighted
// score (the team score of docs/leaderboard.md). Read from the lossless grade intervals: a point
// is what the interval containing that instant says (as `gradesAt` would), never an average.
// The scope is the services as the catalog has them now (owner, system, tier).
import { gradeForScore, isGrade, type Grade } from '../../common/grades.ts';
import type { Db } from '../platform/db/connect.ts';
import { InputError } from '../platform/problems.ts';
import { gradeIntervals, type GradeInterval } from '../scorecards/index.ts';
import { leaderboardEntities, scorecardBands } from './board-inputs.ts';
import { distribution, teamScore } from './ranking.ts';

/** Points one answer may hold; a longer range needs a longer step. */
export const MAX_POINTS = 1000;

export interface DistributionScope {
  team?: string;
  system?: string;
  tier?: number;
}

export interface DistributionPoint {
  at: string;
  /** Services in scope by grade at that instant; `none`: no grade then (not yet graded, or not applicable). */
  distribution: Record<Grade | 'none', number>;
  /** The tier-weighted mean score of the graded services in scope (a team score), and its grade. */
  score: number | null;
  grade: Grade | null;
}

export interface DistributionHistory {
  scorecard: string;
  scope: { team: string | null; system: string | null; tier: number | null };
  from: string;
  to: string;
  stepMs: number;
  /** Services in scope (the catalog's now). */
  services: number;
  points: DistributionPoint[];
}

/** `to`, and every `stepMs` before it down to `from`, oldest first: a chart always ends at `to` (usually now). */
export function instantsBetween(from: Date, to: Date, stepMs: number): Date[] {
  if (!(from.getTime() < to.getTime())) throw new InputError('from must be before to', [{ severity: 'error', field: 'querystring.from', message: 'not before `to`' }]);
  const count = Math.floor((to.getTime() - from.getTime()) / stepMs) + 1;
  if (count > MAX_POINTS) throw new InputError(`${count} points from ${from.toISOString()} to ${to.toISOString()} every ${stepMs / 1000} s; at most ${MAX_POINTS}: take a longer step`, [{ severity: 'error', field: 'querystring.step', message: `too small for the range (at most ${MAX_POINTS} points)` }]);
  return Array.from({ length: count }, (_, k) => new Date(to.getTime() - (count - 1 - k) * stepMs));
}

export async function distributionHistory(db: Db, scorecard: string, scope: DistributionScope, range: { from: Date; to: Date; stepMs: number }): Promise<DistributionHistory> {
  const instants = instantsBetween(range.from, range.to, range.stepMs);
  const [entities, intervals, bands] = await Promise.all([leaderboardEntities(db, scorecard), gradeIntervals(db, scorecard, range.from.toISOString(), range.to.toISOString()), scorecardBands(db, scorecard)]);
  const inScope = entities.filter((e) => (!scope.team || e.owner === scope.team) && (!scope.system || e.system === scope.system) && (scope.tier === undefined || e.tier === scope.tier));
  const tiers = new Map(inScope.map((e) => [e.ref, e.tier]));
  const points = sweep(instants, intervals.filter((i) => tiers.has(i.entity)), tiers).map(({ at, grades }) => {
    const graded = [...grades.values()];
    const score = teamScore(graded.map((g) => ({ score: g.score, tier: tiers.get(g.entity) ?? null })));
    const all = [...tiers.keys()].map((ref) => ({ grade: isGrade(grades.get(ref)?.grade) ? (grades.get(ref)!.grade as Grade) : null }));
    return { at: at.toISOString(), distribution: distribution(all), score, grade: score === null ? null : gradeForScore(score, bands) };
  });
  return {
    scorecard,
    scope: { team: scope.team ?? null, system: scope.system ?? null, tier: scope.tier ?? null },
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    stepMs: range.stepMs,
    services: tiers.size,
    points,
  };
}

/**
 * The interval containing each instant, per entity, in one pass: intervals (in begin order) are
 * applied as the instants pass their beginning; one that has ended by an instant with no
 * successor means no grade then. Intervals of one entity never overlap.
 */
function sweep(instants: readonly Date[], intervals: readonly GradeInterval[], scope: ReadonlyMap<string, unknown>): { at: Date; grades: Map<string, GradeInterval> }[] {
  const current = new Map<string, GradeInterval>();
  let next = 0;
  return instants.map((at) => {
    const iso = at.toISOString();
    while (next < intervals.length && intervals[next].from <= iso) current.set(intervals[next].entity, intervals[next++]);
    const grades = new Map<string, GradeInterval>();
    for (const [entity, i] of current) if (scope.has(entity) && (i.to === null || i.to > iso)) grades.set(entity, i);
    return { at, grades };
  });
}
