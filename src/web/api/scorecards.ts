// React Query hooks for scorecards: the list, one scorecard, and its current results.
import { useQuery } from '@tanstack/react-query';
import type { ScorecardDetail, ScorecardResults, ScorecardSummary } from '../../common/api/scorecards.ts';
import { apiGet } from './client.ts';

export type { ScorecardDetail, ScorecardRequirement, ScorecardResults, ScorecardSummary } from '../../common/api/scorecards.ts';

export function useScorecards() {
  return useQuery({
    queryKey: ['scorecards'],
    queryFn: async () => (await apiGet<{ items: ScorecardSummary[] }>('/scorecards')).items,
  });
}

export function useScorecard(name: string) {
  return useQuery({
    queryKey: ['scorecard', name],
    queryFn: () => apiGet<ScorecardDetail>(`/scorecards/${encodeURIComponent(name)}`),
    enabled: !!name,
  });
}

/** Every graded entity's current requirement states on one scorecard. */
export function useScorecardResults(name: string) {
  return useQuery({
    queryKey: ['scorecard-results', name],
    queryFn: () => apiGet<ScorecardResults>(`/scorecards/${encodeURIComponent(name)}/results`),
    enabled: !!name,
  });
}
