// React Query hooks for what a grade means: deploy window, build priority, support level; HackDays.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
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

export const useDeployDecision = (ref: string) => useQuery(policyQuery<DeployDecision>(ref, 'deploy-decision'));
export const useBuildPriority = (ref: string) => useQuery(policyQuery<BuildPriority>(ref, 'build-priority'));
export const useSupport = (ref: string) => useQuery(policyQuery<SupportDecision>(ref, 'support'));

export function useDeployOverride(ref: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string; expiresAt?: string }) => apiSend('POST', `${entityPathSegment(ref)}/deploy-overrides`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['policy', 'deploy-decision', ref] }),
  });
}

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

export function useHackdays() {
  return useQuery({
    queryKey: ['hackdays'],
    queryFn: async () => {
      const raw = await apiGet<unknown>('/hackdays');
      const list = (Array.isArray(raw) ? raw : ((raw as Record<string, unknown>).items ?? (raw as Record<string, unknown>).hackdays ?? [])) as Record<string, unknown>[];
      return list.map(normaliseHackday);
    },
  });
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
