// React Query hooks for the public leaderboard: GET /api/v1/leaderboard and /leaderboard/most-improved.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { BoardLines, Leaderboard, MostImproved } from '../../common/api/leaderboard.ts';
import { apiGet } from './client.ts';

export type { HackdaySummary, Improvement, Leaderboard, MostImproved, ServiceLine as LeaderboardService, TeamLine as LeaderboardTeam } from '../../common/api/leaderboard.ts';

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

export function useLeaderboard(filters: LeaderboardFilters, options: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['leaderboard', filters],
    queryFn: () => apiGet<Leaderboard>('/leaderboard', { ...filters }),
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval,
    enabled: options.enabled,
  });
}

/**
 * Every team (display name, rank): one service row is enough, teams are never paged. `enabled`
 * lets the home page ask only after its board arrived, keeping the first rows' path to one request.
 */
export function useTeams(enabled = true) {
  return useLeaderboard({ limit: 1 }, { enabled });
}

export function useMostImproved(range: { from?: string; to?: string; scorecard?: string }, options: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['most-improved', range],
    queryFn: () => apiGet<MostImproved>('/leaderboard/most-improved', { ...range }),
    refetchInterval: options.refetchInterval,
    enabled: options.enabled,
  });
}

/** The leaderboard lines (grade, score, rank) of a few services, e.g. a report card's dependencies. */
export function useBoardLines(refs: string[]) {
  const sorted = [...new Set(refs)].sort();
  return useQuery({
    queryKey: ['board-lines', sorted],
    queryFn: () => apiGet<BoardLines>('/leaderboard/services', { refs: sorted.join(',') }),
    enabled: sorted.length > 0,
  });
}

/** Team refs → display names (the Group's displayName or title; null when it has none). */
export function useTeamTitles(): ReadonlyMap<string, string | null> {
  const teams = useTeams().data?.teams;
  // One map per answer, so sorting memoised on it is not redone on every render.
  return useMemo(() => new Map((teams ?? []).map((t) => [t.ref, t.title])), [teams]);
}
