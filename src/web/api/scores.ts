// React Query hooks for one entity's report card: scores, history, why-diff; waivers.
// Types come from the wire schemas (src/common/api/scorecards.ts), imported as types only.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EntityHistory, EntityScores, Waiver, WaiverBody, WhyDiff } from '../../common/api/scorecards.ts';
import { apiGet, apiSend } from './client.ts';

export type { EntityHistory, EntityScores, GradeInterval, NextAction, RequirementResult, ScorecardScore, WhyDiff } from '../../common/api/scorecards.ts';
export type { EvidenceObject } from '../../common/evidence.ts';
export type { RequirementState } from '../../common/api/shared.ts';

export const entityPathSegment = (ref: string) => `/entities/${encodeURIComponent(ref)}`;

export function useScores(ref: string) {
  return useQuery({ queryKey: ['scores', ref], queryFn: () => apiGet<EntityScores>(`${entityPathSegment(ref)}/scores`) });
}

export function useHistory(ref: string, params: { scorecard?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['history', ref, params],
    queryFn: () => apiGet<EntityHistory>(`${entityPathSegment(ref)}/history`, params),
    enabled: !!params.scorecard,
  });
}

export function useWhy(ref: string, params: { scorecard?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['why', ref, params],
    queryFn: () => apiGet<WhyDiff>(`${entityPathSegment(ref)}/why`, params),
    enabled: !!(params.scorecard && params.from && params.to),
  });
}

export function useRequestWaiver() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WaiverBody) => apiSend<Waiver>('POST', '/waivers', body),
    onSuccess: (_data, body) => {
      void client.invalidateQueries({ queryKey: ['scores', body.entity] });
      void client.invalidateQueries({ queryKey: ['waivers'] });
    },
  });
}
