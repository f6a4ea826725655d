// React Query hooks for the anti-bot edge: verdicts with their evidence, bans and top
// fingerprints, traffic per minute by action. Types from the shared wire schemas (types only).
import { useQuery } from '@tanstack/react-query';
import type { EdgeOverview, EdgeTrafficView, EdgeVerdictView } from '../../common/api/edge.ts';
import { apiGet } from './client.ts';

export type { EdgeOverview, EdgeTrafficView, EdgeVerdictView };
const LIVE_MS = 10_000;

export const useEdgeOverview = () => useQuery({ queryKey: ['edge', 'overview'], queryFn: () => apiGet<EdgeOverview>('/edge/overview'), refetchInterval: LIVE_MS });
export const useEdgeTraffic = () => useQuery({ queryKey: ['edge', 'traffic'], queryFn: () => apiGet<EdgeTrafficView>('/edge/traffic', { hours: 3 }), refetchInterval: LIVE_MS });
export const useEdgeVerdicts = (verdict: string) => useQuery({
  queryKey: ['edge', 'verdicts', verdict],
  queryFn: () => apiGet<{ items: EdgeVerdictView[]; nextCursor: string | null }>('/edge/verdicts', { limit: 100, ...(verdict ? { verdict } : {}) }),
  refetchInterval: LIVE_MS,
  placeholderData: (previous) => previous,
});
