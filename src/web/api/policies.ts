// React Query hooks for what a grade means: deploy window, build priority, support level; HackDays.
import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';
import { entityPathSegment } from './scores.ts';
import { normaliseMostImproved, type MostImproved } from './leaderboard.ts';

export interface DeployDecision {
  allowed: boolean;
  grade: string | null;
  reason: string;
  rule: string;
  nextWindowStart: string | null;
  policy: string;
}

export interface BuildPriority {
  priority: number;
  grade: string | null;
  policy?: string;
}

export interface SupportDecision {
  level: 'full' | 'best-effort' | 'none' | string;
  reason: string;
  target?: string | null;
  toRegain: { requirement: string; title: string; points: number }[];
}

const policyQuery = <T,>(ref: string, what: string) => ({
  queryKey: ['policy', what, ref],
  queryFn: () => apiGet<T>(`${entityPathSegment(ref)}/${what}`),
  staleTime: 60_000,
});

// A preview: showing the deploy window is not a deploy, so the server logs nothing.
export const useDeployDecision = (ref: string) => useQuery(policyQuery<DeployDecision>(ref, 'deploy-decision?preview=true'));
export const useBuildPriority = (ref: string) => useQuery(policyQuery<BuildPriority>(ref, 'build-priority'));
export const useSupport = (ref: string) => useQuery(policyQuery<SupportDecision>(ref, 'support'));

export interface Hackday {
  name: string;
  title?: string | null;
  startsAt: string;
  endsAt: string;
  scope?: { teams?: string[]; systems?: string[]; services?: string[] };
  /** `upcoming`, `running` or `finished`. */
  status?: string;
  frozen?: boolean;
  results?: MostImproved | null;
}

function normaliseHackday(raw: Record<string, unknown>): Hackday {
  return {
    ...(raw as unknown as Hackday),
    startsAt: String(raw.startsAt ?? raw.start ?? ''),
    endsAt: String(raw.endsAt ?? raw.end ?? ''),
    results: raw.results ? normaliseMostImproved(raw.results) : null,
  };
}

export function useHackday(name: string, refetchInterval?: number) {
  return useQuery({
    queryKey: ['hackday', name],
    queryFn: async () => {
      const raw = await apiGet<Record<string, unknown>>(`/hackdays/${encodeURIComponent(name)}`);
      return normaliseHackday((raw.hackday as Record<string, unknown>) ?? raw);
    },
    refetchInterval,
  });
}
