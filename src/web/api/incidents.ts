// React Query hooks for incidents: the list, the page and its parts (timeline, suspects, aids,
// comms, postmortem), statistics, and one mutation hook for every write — each refreshes the
// incident's queries, so the page never shows a half-updated state. Types come from the shared
// wire schemas (type-only imports: zod never reaches the browser).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AidsView, IncidentPage, PostmortemView, StatsView, SuspectsView } from '../../common/api/incidents-learning.ts';
import type { CommsView, IncidentView, TimelineEntry } from '../../common/api/incidents.ts';
import { apiGet, apiSend } from './client.ts';

export type { AidsView, CommsView, IncidentPage, IncidentView, PostmortemView, StatsView, SuspectsView, TimelineEntry };
export const LIVE_MS = 10_000;

export function useIncidents(filters: { state?: string; service?: string }) {
  return useQuery({
    queryKey: ['incidents', filters],
    queryFn: () => apiGet<{ items: IncidentView[]; nextCursor: string | null }>('/incidents', { limit: 200, ...filters }),
    refetchInterval: LIVE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useSeverities() {
  return useQuery({ queryKey: ['incident-severities'], queryFn: () => apiGet<{ items: { level: string; meaning: string; updateEveryMinutes: number | null }[] }>('/incidents/severities'), staleTime: 5 * 60_000 });
}

const part = <T,>(key: string, name: string, path: string, live = true) => ({
  queryKey: ['incident', key, name],
  queryFn: () => apiGet<T>(`/incidents/${encodeURIComponent(key)}${path}`),
  refetchInterval: live ? LIVE_MS : undefined,
});

export const useIncidentPage = (key: string) => useQuery(part<IncidentPage>(key, 'page', ''));
export const useSuspects = (key: string) => useQuery(part<SuspectsView>(key, 'suspects', '/suspects'));
export const useAids = (key: string) => useQuery(part<AidsView>(key, 'aids', '/aids', false));
export const useComms = (key: string) => useQuery(part<CommsView>(key, 'comms', '/comms'));
export const usePostmortem = (key: string) => useQuery(part<PostmortemView>(key, 'postmortem', '/postmortem', false));

export function useServiceStatus(key: string, service: string | null) {
  return useQuery({
    queryKey: ['incident', key, 'status', service],
    queryFn: () => apiGet<{ ok: boolean; status: number | null; latencyMs: number | null; body: string | null; error: string | null; fetchedAt: string }>(`/incidents/${encodeURIComponent(key)}/status`, { service }),
    enabled: !!service,
    staleTime: 0,
  });
}

/** The whole timeline, in pages of 1000 (a timeline of 10,000 entries is ten requests). */
export function useTimeline(key: string) {
  return useInfiniteQuery({
    queryKey: ['incident', key, 'timeline'],
    queryFn: ({ pageParam }) => apiGet<{ items: TimelineEntry[]; nextCursor: string | null; total: number }>(`/incidents/${encodeURIComponent(key)}/timeline`, { limit: 1000, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    refetchInterval: LIVE_MS,
  });
}

export function useIncidentStats(params: { entity?: string; team?: string; from?: string; to?: string }) {
  return useQuery({ queryKey: ['incident-stats', params], queryFn: () => apiGet<StatsView>('/incidents/stats', params), enabled: !!(params.entity || params.team) });
}

/** Any write on an incident: `path` below /incidents/{key} (or absolute, starting with `//`). */
export function useIncidentWrite<T = IncidentPage>(key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ method, path, body }: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown }) =>
      apiSend<T>(method, path.startsWith('//') ? path.slice(1) : `/incidents/${encodeURIComponent(key)}${path}`, body),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['incident', key] });
      void client.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
}

export function useDeclare() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => apiSend<IncidentPage>('POST', '/incidents', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['incidents'] }),
  });
}
