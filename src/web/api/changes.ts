// React Query hooks for the change database: list, timeline, suspects, revert.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangeList, RevertBody, Suspects, Timeline } from '../../common/api/changes.ts';
import { apiGet, apiSend } from './client.ts';

export type { ChangeView as Change, DoraReport, Suspect, Timeline } from '../../common/api/changes.ts';

export interface ChangeFilters {
  from?: string;
  to?: string;
  entity?: string;
  withDependencies?: string;
  kind?: string;
  actor?: string;
  status?: string;
  q?: string;
}

export const LIVE_MS = 10_000;

export function useChanges(filters: ChangeFilters, options: { limit?: number; live?: boolean } = {}) {
  const limit = options.limit ?? 50;
  return useInfiniteQuery({
    queryKey: ['changes', filters, limit],
    queryFn: ({ pageParam }) => apiGet<ChangeList>('/changes', { ...filters, limit, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    refetchInterval: options.live === false ? undefined : LIVE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useTimeline(filters: ChangeFilters & { bucket?: string }) {
  return useQuery({
    queryKey: ['changes-timeline', filters],
    queryFn: () => apiGet<Timeline>('/changes/timeline', { ...filters }),
    refetchInterval: LIVE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useSuspects(params: { entity: string; at: string; window?: string }) {
  return useQuery({
    queryKey: ['suspects', params],
    queryFn: async () => (await apiGet<Suspects>('/changes/suspects', { ...params })).suspects,
    enabled: !!(params.entity && params.at),
  });
}

export function useRevert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => apiSend<unknown>('POST', `/changes/${encodeURIComponent(id)}/revert`, { reason } satisfies RevertBody),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['changes'] });
      void client.invalidateQueries({ queryKey: ['changes-timeline'] });
    },
  });
}
