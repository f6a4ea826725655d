// React Query hook for the public leaderboard: GET /api/v1/leaderboard.
import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';

export interface LeaderboardService {
  rank: number;
  ref: string;
  name: string;
  title?: string | null;
  owner?: string | null;
  system?: string | null;
  tier?: number | null;
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
}

export interface Leaderboard {
  services: LeaderboardService[];
  teams: LeaderboardTeam[];
  distribution: Record<string, number>;
  hackday: null | { name: string; endsAt: string };
}

export interface LeaderboardFilters {
  system?: string;
  tier?: string;
  team?: string;
  grade?: string;
  q?: string;
}

export function useLeaderboard(filters: LeaderboardFilters) {
  return useQuery({
    queryKey: ['leaderboard', filters],
    queryFn: () => apiGet<Leaderboard>('/leaderboard', { ...filters }),
    placeholderData: (previous) => previous,
  });
}
