// React Query hooks for the change database: list, timeline, suspects, revert.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangeKind, ChangeStatus } from '../../common/changes.ts';
import { apiGet, apiSend } from './client.ts';

export interface Change {
  id: string;
  entities: string[];
  kind: ChangeKind | string;
  summary: string;
  description?: string;
  version?: string;
  previousVersion?: string;
  actor?: string;
  source: string;
  environment?: string;
  startedAt: string;
  finishedAt?: string;
  status: ChangeStatus | string;
  automated?: boolean;
  links?: { url: string; title?: string }[];
  revert?: { webhook?: { method?: string; url: string } } | { action: string } | null;
  revertOf?: string;
  postmortemUrl?: string;
  labels?: Record<string, string>;
  unmapped?: boolean;
}

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
    queryFn: ({ pageParam }) => apiGet<{ items: Change[]; nextCursor: string | null }>('/changes', { ...filters, limit, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    refetchInterval: options.live === false ? undefined : LIVE_MS,
    placeholderData: (previous) => previous,
  });
}

export interface TimelineBucket {
  /** Bucket start, ISO. */
  at: string;
  counts: Record<string, number>;
}

export interface Timeline {
  bucket?: string;
  buckets: TimelineBucket[];
}

/** Accepts `{buckets:[{at|start|bucket, counts|byKind}]}` or flat `{buckets:[{start, kind, count}]}`. */
export function normaliseTimeline(raw: unknown): Timeline {
  const body = (raw ?? {}) as Record<string, unknown>;
  const list = (Array.isArray(raw) ? raw : (body.buckets ?? body.items ?? [])) as Record<string, unknown>[];
  const byAt = new Map<string, Record<string, number>>();
  for (const b of list) {
    const at = String(b.at ?? b.start ?? b.bucket ?? b.time ?? '');
    const counts = byAt.get(at) ?? {};
    const nested = (b.counts ?? b.byKind ?? b.kinds) as Record<string, number> | undefined;
    if (nested) for (const [k, v] of Object.entries(nested)) counts[k] = (counts[k] ?? 0) + v;
    else if (typeof b.kind === 'string') counts[b.kind] = (counts[b.kind] ?? 0) + Number(b.count ?? 0);
    else if (typeof b.count === 'number') counts.all = (counts.all ?? 0) + b.count;
    byAt.set(at, counts);
  }
  const buckets = [...byAt.entries()].map(([at, counts]) => ({ at, counts })).sort((a, b) => a.at.localeCompare(b.at));
  return { bucket: (body.bucket ?? body.interval) as string | undefined, buckets };
}

export function useTimeline(filters: ChangeFilters & { bucket?: string }) {
  return useQuery({
    queryKey: ['changes-timeline', filters],
    queryFn: async () => normaliseTimeline(await apiGet<unknown>('/changes/timeline', { ...filters })),
    refetchInterval: LIVE_MS,
    placeholderData: (previous) => previous,
  });
}

export interface Suspect {
  change: Change;
  score: number;
  reasons: string[];
  distance?: number;
}

export function useSuspects(params: { entity: string; at: string; window?: string }) {
  return useQuery({
    queryKey: ['suspects', params],
    queryFn: async () => {
      const raw = await apiGet<unknown>('/changes/suspects', { ...params });
      const list = Array.isArray(raw) ? raw : ((raw as Record<string, unknown>).suspects ?? (raw as Record<string, unknown>).items ?? []);
      return list as Suspect[];
    },
    enabled: !!(params.entity && params.at),
  });
}

export function useRevert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => apiSend<unknown>('POST', `/changes/${encodeURIComponent(id)}/revert`, { reason }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['changes'] });
      void client.invalidateQueries({ queryKey: ['changes-timeline'] });
    },
  });
}
