// React Query hooks for the public leaderboard: GET /api/v1/leaderboard and /leaderboard/most-improved.
import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';

export interface LeaderboardService {
  rank: number;
  ref: string;
  name: string;
  title?: string | null;
  owner?: string | null;
  system?: string | null;
  tier?: number | string | null;
  score: number | null;
  grade: string | null;
  trend7d: number | null;
  trend30d: number | null;
}

export interface LeaderboardTeam {
  rank: number;
  ref: string;
  name: string;
  score: number | null;
  grade: string | null;
  services: number;
  fServices?: number;
}

export interface HackdaySummary {
  name: string;
  title?: string | null;
  startsAt?: string;
  endsAt: string;
}

export interface Leaderboard {
  scorecard?: string;
  services: LeaderboardService[];
  teams: LeaderboardTeam[];
  distribution: Record<string, number>;
  hackday: null | HackdaySummary;
}

export interface LeaderboardFilters {
  system?: string;
  tier?: string;
  team?: string;
  grade?: string;
  q?: string;
  scorecard?: string;
  /** Page size of `services` (default: all); `teams` and `distribution` are never paged. */
  limit?: number;
}

export function useLeaderboard(filters: LeaderboardFilters, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['leaderboard', filters],
    queryFn: () => apiGet<Leaderboard>('/leaderboard', { ...filters }),
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval,
  });
}

/** One riser: a service or a team whose score went up between `from` and `to`. */
export interface Improvement {
  ref: string;
  name: string;
  title?: string | null;
  kind?: string;
  from: { score: number | null; grade: string | null } | null;
  to: { score: number | null; grade: string | null } | null;
  /** Score points gained; null when there was no score at the start (newly graded). */
  delta: number | null;
  requirementsFixed?: number;
  rank?: number;
}

export interface MostImproved {
  from?: string;
  to?: string;
  services: Improvement[];
  teams: Improvement[];
}

/** Accepts the few spellings a server may use for "score before/after" and "gained". */
function normaliseImprovement(raw: Record<string, unknown>): Improvement {
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const side = (obj: unknown, score: unknown, grade: unknown) =>
    obj && typeof obj === 'object' ? { score: num((obj as Record<string, unknown>).score), grade: str((obj as Record<string, unknown>).grade) } : { score: num(score), grade: str(grade) };
  const from = side(raw.from, raw.fromScore ?? raw.scoreBefore, raw.fromGrade ?? raw.gradeBefore);
  const to = side(raw.to, raw.toScore ?? raw.scoreAfter ?? raw.score, raw.toGrade ?? raw.gradeAfter ?? raw.grade);
  const delta = num(raw.pointsGained) ?? num(raw.delta) ?? num(raw.points) ?? (from.score !== null && to.score !== null ? to.score - from.score : null);
  const ref = String(raw.ref ?? raw.entity ?? raw.team ?? '');
  return { ref, name: String(raw.name ?? ref.split('/').pop() ?? ref), title: str(raw.title), kind: str(raw.kind) ?? undefined, from, to, delta, requirementsFixed: num(raw.requirementsFixed) ?? undefined, rank: num(raw.rank) ?? undefined };
}

export function normaliseMostImproved(raw: unknown): MostImproved {
  const body = (raw ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => normaliseImprovement(x as Record<string, unknown>)) : []);
  return { from: body.from as string | undefined, to: body.to as string | undefined, services: list(body.services ?? body.items), teams: list(body.teams) };
}

export function useMostImproved(range: { from?: string; to?: string; scorecard?: string }, options: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['most-improved', range],
    queryFn: async () => normaliseMostImproved(await apiGet<unknown>('/leaderboard/most-improved', { ...range })),
    refetchInterval: options.refetchInterval,
    enabled: options.enabled,
  });
}
