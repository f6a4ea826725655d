// Pure helpers shaping the API's graph for display: system filter, cycle and violation edge sets.
import { normalizeRef } from '../../../common/refs.ts';
import type { Cycle, Graph, GraphEdge, GraphNode, Violation } from '../../api/graph.ts';

export const edgeKey = (from: string, to: string) => `${from}→${to}`;

/**
 * Kinds hidden unless asked for, so the runtime graph stays readable: grouping kinds, and APIs
 * (a `consumesApi` edge already runs from the consumer to the API's provider).
 */
export const GROUPING_KINDS = new Set(['system', 'domain', 'group', 'user', 'location', 'api']);

export interface ViewGraph {
  nodes: (GraphNode & { external: boolean })[];
  edges: GraphEdge[];
}

/** Normalises a system given as `payments` or `system:default/payments`. */
export function systemRef(system: string): string | undefined {
  return system ? normalizeRef(system, { defaultKind: 'system' }) : undefined;
}

/**
 * Nodes of the chosen system (all when none), plus their direct neighbours outside it,
 * marked `external`. Grouping kinds and `partOf` edges only when `showGroups`.
 */
export function viewGraph(graph: Graph, system: string, showGroups: boolean): ViewGraph {
  const sys = systemRef(system);
  const visible = (n: GraphNode) => showGroups || !GROUPING_KINDS.has(n.kind.toLowerCase());
  const byRef = new Map(graph.nodes.map((n) => [n.ref, n]));
  const inside = new Set(graph.nodes.filter((n) => visible(n) && (!sys || n.system === sys || n.ref === sys)).map((n) => n.ref));
  const edges = graph.edges.filter((e) => {
    if (!showGroups && e.via === 'partOf') return false;
    const a = byRef.get(e.from);
    const b = byRef.get(e.to);
    if (!a || !b || !visible(a) || !visible(b)) return false;
    return inside.has(e.from) || inside.has(e.to);
  });
  const shown = new Set(inside);
  for (const e of edges) shown.add(e.from).add(e.to);
  const nodes = [...shown].map((ref) => ({ ...byRef.get(ref)!, external: !inside.has(ref) }));
  return { nodes, edges };
}

export function cycleSets(cycles: Cycle[]) {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const c of cycles) {
    c.nodes.forEach((n) => nodes.add(n));
    c.edges.forEach(([a, b]) => edges.add(edgeKey(a, b)));
  }
  return { nodes, edges };
}

export function violationEdges(violations: Violation[]): Set<string> {
  return new Set(violations.map((v) => edgeKey(v.from, v.to)));
}

/** Every system named by a node, for the filter. */
export function systemsOf(graph: Graph): string[] {
  return [...new Set(graph.nodes.map((n) => n.system).filter((s): s is string => !!s))].sort();
}
