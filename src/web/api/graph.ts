// React Query hooks for the dependency graph endpoints under /api/v1/graph.
import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';

export type EdgeVia = 'dependsOn' | 'consumesApi' | 'partOf';

export interface GraphNodeDto {
  ref: string;
  kind: string;
  type?: string | null;
  tier?: number | null;
  system?: string | null;
  owner?: string | null;
  name: string;
}

export interface GraphEdgeDto {
  from: string;
  to: string;
  via: EdgeVia;
}

export interface GraphDto {
  nodes: GraphNodeDto[];
  edges: GraphEdgeDto[];
}

export interface CycleDto {
  nodes: string[];
  edges: [string, string][];
}

export interface BootOrderDto {
  waves: string[][];
  blocked: string[];
}

export interface ViolationDto {
  rule: string;
  from: string;
  to: string;
  path: string[];
  message: string;
}

export function useGraph() {
  return useQuery({ queryKey: ['graph'], queryFn: () => apiGet<GraphDto>('/graph') });
}

export function useCycles() {
  return useQuery({ queryKey: ['graph', 'cycles'], queryFn: () => apiGet<{ cycles: CycleDto[] }>('/graph/cycles') });
}

export function useBootOrder() {
  return useQuery({ queryKey: ['graph', 'boot-order'], queryFn: () => apiGet<BootOrderDto>('/graph/boot-order') });
}

export function useViolations() {
  return useQuery({
    queryKey: ['graph', 'violations'],
    queryFn: () => apiGet<{ violations: ViolationDto[] }>('/graph/violations'),
  });
}
