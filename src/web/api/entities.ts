// React Query hooks for the catalog: GET /api/v1/entities and /api/v1/entities/{ref}.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { EntityItem, EntityPage } from '../../common/api/catalog.ts';
import { apiGet } from './client.ts';

export type { EntityItem, EntityPage } from '../../common/api/catalog.ts';

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
    queryFn: ({ pageParam }) => apiGet<EntityPage>('/entities', { ...filters, limit: ENTITY_PAGE_SIZE, cursor: pageParam }),
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
