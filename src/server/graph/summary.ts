// The graph as plain JSON for the API and the web UI.
import type { DependencyGraph, EdgeVia } from './types.ts';

export interface GraphSummaryNode {
  ref: string;
  kind: string;
  name: string;
  title?: string;
  type?: string;
  tier?: number;
  system?: string;
  owner?: string;
  lifecycle?: string;
  runtime: boolean;
  missing?: boolean;
}

export interface GraphSummaryEdge {
  from: string;
  to: string;
  via: EdgeVia;
  runtime: boolean;
  apis?: string[];
}

export interface GraphSummary {
  nodes: GraphSummaryNode[];
  edges: GraphSummaryEdge[];
}

/** Plain JSON for the API and the web UI; nodes sorted by ref, edges by (from, to). Annotations left out. */
export function summarizeGraph(g: DependencyGraph): GraphSummary {
  const nodes: GraphSummaryNode[] = [];
  g.forEachNode((ref, a) => {
    const { kind, name, title, type, tier, system, owner, lifecycle, missing } = a;
    const optional = { title, type, tier, system, owner, lifecycle, missing };
    const node: GraphSummaryNode = { ref, kind, name, runtime: a.runtime !== false };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(node, { [k]: v });
    nodes.push(node);
  });
  const edges: GraphSummaryEdge[] = [];
  g.forEachEdge((_e, a, from, to) => {
    edges.push({ from, to, via: a.via, runtime: a.runtime !== false, ...(a.apis ? { apis: [...a.apis] } : {}) });
  });
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  nodes.sort((x, y) => cmp(x.ref, y.ref));
  edges.sort((x, y) => cmp(x.from, y.from) || cmp(x.to, y.to));
  return { nodes, edges };
}
