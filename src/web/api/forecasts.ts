// React Query hooks for forecasts and the capacity planner. Types come from the shared wire
// schemas (type-only imports: zod never reaches the browser).
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CapacityPlan, ResourceForecast, ResourceForecastDetail, ResourceForecastList } from '../../common/api/forecasts.ts';
import { apiGet, apiSend } from './client.ts';

export type { CapacityPlan, ResourceForecast, ResourceForecastDetail, ResourceForecastList };

export interface ScenarioParams {
  delayDays?: number;
  demandUpPercent?: number;
  capacityLostPercent?: number;
  /** A site of the resource's tally.dev/capacity-sites, lost. */
  siteLost?: string;
}

export function useForecasts(scenario: ScenarioParams = {}) {
  return useQuery({ queryKey: ['forecasts', scenario], queryFn: () => apiGet<ResourceForecastList>('/forecasts', { ...scenario }), placeholderData: (p) => p });
}

export function useResourceForecast(ref: string, scenario: ScenarioParams) {
  return useQuery({ queryKey: ['forecast', ref, scenario], queryFn: () => apiGet<ResourceForecastDetail>('/forecasts/resource', { ref, ...scenario }), enabled: ref !== '', placeholderData: (p) => p });
}

export function useCapacityPlan() {
  return useMutation({ mutationFn: (input: unknown) => apiSend<CapacityPlan>('POST', '/capacity/plan', input) });
}
