// React Query hooks for the dependency graph endpoints under /api/v1/graph.
import { useQuery } from '@tanstack/react-query';
import type { BootOrder, Graph, Violations } from '../../common/api/graph.ts';
import type { Cycle } from '../../common/api/graph.ts';
import { apiGet } from './client.ts';

export type { BootOrder, Cycle, Graph, GraphEdge, GraphNode, Violation } from '../../common/api/graph.ts';

export function useGraph() {
  return useQuery({ queryKey: ['graph'], queryFn: () => apiGet<Graph>('/graph') });
}

export function useCycles() {
  return useQuery({ queryKey: ['graph', 'cycles'], queryFn: () => apiGet<{ cycles: Cycle[] }>('/graph/cycles') });
}

export function useBootOrder() {
  return useQuery({ queryKey: ['graph', 'boot-order'], queryFn: () => apiGet<BootOrder>('/graph/boot-order') });
}

export function useViolations() {
  return useQuery({ queryKey: ['graph', 'violations'], queryFn: () => apiGet<Violations>('/graph/violations') });
}
