// React Query hooks for what a grade means: deploy window, build priority, support level, the
// policies themselves; and HackDays.
import { useQuery } from '@tanstack/react-query';
import type { BuildPriority, DeployDecision, Policies, Support } from '../../common/api/policies.ts';
import type { Hackday } from '../../common/api/leaderboard.ts';
import { apiGet } from './client.ts';
import { entityPathSegment } from './scores.ts';

export type { BuildPriority, DeployDecision, DeployRule, GradeRule, Policies, Policy, Support as SupportDecision } from '../../common/api/policies.ts';
export type { Hackday } from '../../common/api/leaderboard.ts';

const policyQuery = <T,>(ref: string, what: string) => ({
  queryKey: ['policy', what, ref],
  queryFn: () => apiGet<T>(`${entityPathSegment(ref)}/${what}`),
  staleTime: 60_000,
});

// A preview: showing the deploy window is not a deploy, so the server logs nothing.
export const useDeployDecision = (ref: string) => useQuery(policyQuery<DeployDecision>(ref, 'deploy-decision?preview=true'));
export const useBuildPriority = (ref: string) => useQuery(policyQuery<BuildPriority>(ref, 'build-priority'));
export const useSupport = (ref: string) => useQuery(policyQuery<Support>(ref, 'support'));

export function usePolicies() {
  return useQuery({ queryKey: ['policies'], queryFn: () => apiGet<Policies>('/policies') });
}

export function useHackday(name: string, refetchInterval?: number) {
  return useQuery({
    queryKey: ['hackday', name],
    queryFn: () => apiGet<Hackday>(`/hackdays/${encodeURIComponent(name)}`),
    refetchInterval,
  });
}
