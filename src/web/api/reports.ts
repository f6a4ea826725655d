// React Query hooks for the reports: deploy decisions, F teams' costliest requirements, DORA.
import { useQuery } from '@tanstack/react-query';
import type { DoraReport } from '../../common/api/changes.ts';
import type { DeploysReport, FTeamsReport } from '../../common/api/policies.ts';
import { apiGet } from './client.ts';

export type { DeploysReport, FTeamsReport } from '../../common/api/policies.ts';
export type { DoraFigures, DoraReport } from '../../common/api/changes.ts';

export function useDeploysReport(range: { from?: string; to?: string }) {
  return useQuery({ queryKey: ['report', 'deploys', range], queryFn: () => apiGet<DeploysReport>('/reports/deploys', range) });
}

export function useFTeamsReport() {
  return useQuery({ queryKey: ['report', 'f-teams'], queryFn: () => apiGet<FTeamsReport>('/reports/f-teams') });
}

/** DORA figures of a team's services over the last `days` (the server needs a team or an entity). */
export function useDora(team: string, days: number) {
  return useQuery({
    queryKey: ['dora', team, days],
    queryFn: () => apiGet<DoraReport>('/dora', { team, from: new Date(Date.now() - days * 86_400_000).toISOString() }),
    enabled: !!team,
  });
}
