// SLOs and their error budgets (computed by the server from Prometheus on each request).
// Types come from the wire schemas (type-only imports: zod never reaches the browser).
import { useQuery } from '@tanstack/react-query';
import type { SloBudget, SloCurve, SloList } from '../../common/api/slo.ts';
import { apiGet } from './client.ts';

export type { SloBudget, SloList };

export function useSlos() {
  return useQuery({ queryKey: ['slos'], queryFn: () => apiGet<SloList>('/slos'), refetchInterval: 60_000 });
}

export function useSlo(name: string) {
  return useQuery({ queryKey: ['slo', name], queryFn: () => apiGet<SloBudget>(`/slos/${encodeURIComponent(name)}`), refetchInterval: 60_000 });
}

export type { SloCurve };

/** The inverted SLO over a period (1d, 7d, 28d…): the share under each bucket bound and a suggested objective. */
export function useSloCurve(name: string, period: string) {
  return useQuery({ queryKey: ['slo-curve', name, period], queryFn: () => apiGet<SloCurve>(`/slos/${encodeURIComponent(name)}/curve?period=${encodeURIComponent(period)}`), refetchInterval: 300_000 });
}
