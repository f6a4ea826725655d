// The leaderboard's arithmetic, pure: service order, team scores, trends, distribution.
// docs/leaderboard.md explains each rule with a worked example.
import { GRADES, gradeForScore, type Grade, type GradeBands } from '../../common/grades.ts';
import { round2 } from '../scorecards/index.ts';

export interface ServiceLine {
  rank: number;
  ref: string;
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: number | null;
  score: number | null;
  grade: Grade | null;
  trend7d: number | null;
  trend30d: number | null;
}

export interface TeamLine {
  rank: number;
  ref: string;
  name: string;
  /** The Group's display name (leaderboard.ts adds it from the catalog). */
  title: string | null;
  score: number | null;
  grade: Grade | null;
  services: number;
  fServices: number;
}

/** A tier-1 service weighs three times a tier-3 one in its team's score; no tier counts as tier 3. */
export const TIER_WEIGHTS: Readonly<Record<number, number>> = Object.freeze({ 1: 3, 2: 2 });
export const tierWeight = (tier: number | null): number => (tier !== null ? (TIER_WEIGHTS[tier] ?? 1) : 1);

/** `now − then`, or null when either is missing. */
export const trend = (now: number | null | undefined, then: number | null | undefined): number | null =>
  now === null || now === undefined || then === null || then === undefined ? null : round2(now - then);

/** Score descending, then tier ascending (tier 1 first, none last), then name; ungraded last (by tier, then name). Ranks are 1-based. */
export function rankServices<T extends Omit<ServiceLine, 'rank'>>(lines: T[]): (T & { rank: number })[] {
  const tierKey = (t: number | null) => t ?? 99;
  const sorted = [...lines].sort((a, b) => {
    if ((a.score === null) !== (b.score === null)) return a.score === null ? 1 : -1;
    return (b.score ?? 0) - (a.score ?? 0) || tierKey(a.tier) - tierKey(b.tier) || a.name.localeCompare(b.name) || a.ref.localeCompare(b.ref);
  });
  return sorted.map((l, i) => ({ ...l, rank: i + 1 }));
}

/** Tier-weighted mean of the scores of a team's graded services; null when none is graded. */
export function teamScore(services: { score: number | null; tier: number | null }[]): number | null {
  let sumW = 0;
  let sum = 0;
  for (const s of services) {
    if (s.score === null) continue;
    const w = tierWeight(s.tier);
    sumW += w;
    sum += w * s.score;
  }
  return sumW === 0 ? null : round2(sum / sumW);
}

export const teamName = (ref: string): string => ref.replace(/^[^:]*:/, '').replace(/^default\//, '');

/** Teams ranked by team score (ungraded last), then name. */
export function rankTeams(services: Omit<ServiceLine, 'rank'>[], bands: GradeBands): Omit<TeamLine, 'title'>[] {
  const byTeam = new Map<string, Omit<ServiceLine, 'rank'>[]>();
  for (const s of services) {
    if (!s.owner) continue;
    const list = byTeam.get(s.owner);
    if (list) list.push(s);
    else byTeam.set(s.owner, [s]);
  }
  const teams = [...byTeam].map(([ref, list]) => {
    const score = teamScore(list);
    return { ref, name: teamName(ref), score, grade: score === null ? null : gradeForScore(score, bands), services: list.length, fServices: list.filter((s) => s.grade === 'F').length };
  });
  teams.sort((a, b) => ((a.score === null) !== (b.score === null) ? (a.score === null ? 1 : -1) : (b.score ?? 0) - (a.score ?? 0) || a.name.localeCompare(b.name)));
  return teams.map((t, i) => ({ rank: i + 1, ...t }));
}

export function distribution(services: { grade: Grade | null }[]): Record<Grade | 'none', number> {
  const out = Object.fromEntries([...GRADES, 'none'].map((g) => [g, 0])) as Record<Grade | 'none', number>;
  for (const s of services) out[s.grade ?? 'none']++;
  return out;
}
