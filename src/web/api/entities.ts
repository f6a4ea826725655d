// React Query hooks for the catalog: GET /api/v1/entities and /api/v1/entities/{ref}.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';

export interface EntityItem {
  ref: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    tags?: string[];
    annotations?: Record<string, string>;
    links?: { url: string; title?: string; icon?: string; type?: string }[];
  };
  spec?: Record<string, unknown>;
  relations?: { type: string; target: string }[];
}

export interface EntityPage {
  items: EntityItem[];
  nextCursor: string | null;
}

export interface EntityFilters {
  kind?: string;
  type?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  tier?: string;
  text?: string;
}

export const ENTITY_PAGE_SIZE = 50;

export function useEntities(filters: EntityFilters) {
  return useInfiniteQuery({
    queryKey: ['entities', filters],
    queryFn: ({ pageParam }) =>
      apiGet<EntityPage>('/entities', { ...filters, limit: ENTITY_PAGE_SIZE, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useEntity(ref: string) {
  return useQuery({
    queryKey: ['entity', ref],
    queryFn: () => apiGet<EntityItem>(`/entities/${encodeURIComponent(ref)}`),
  });
}
