// An entity's dependencies and dependents as the graph sees them — the one answer the report
// card (GET /api/v1/entities/:ref/dependencies) and CEL (`graph.dependencies`,
// `graph.dependents`) share. Only runtime edges count: `dependsOn`, consumed APIs collapsed to
// their providers (`via: consumesApi`, with the APIs), and a subcomponent's parent (`partOf`);
// membership in a System or Domain is not a dependency.
import type { DependencyGraph, EdgeVia, GraphEdge } from './types.ts';

export interface Neighbour {
  ref: string;
  via: EdgeVia;
  /** For `consumesApi`: the APIs through which the consumer needs the provider. */
  apis?: string[];
}

export interface NeighbourNode extends Neighbour {
  kind: string;
  name: string;
  title?: string;
  type?: string;
  tier?: number;
  owner?: string;
  /** Named by a relation but not in the catalog. */
  missing?: boolean;
}

export interface Neighbours<T extends Neighbour = Neighbour> {
  /** What the entity needs to run (edges out of it), sorted by ref. */
  dependencies: T[];
  /** What needs the entity to run (edges into it), sorted by ref. */
  dependents: T[];
}

const byRef = (a: Neighbour, b: Neighbour) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

/** The neighbour at the other end of an edge; undefined for a membership edge. */
const neighbour = (ref: string, a: GraphEdge): Neighbour | undefined => (a.runtime === false ? undefined : { ref, via: a.via, ...(a.apis ? { apis: [...a.apis] } : {}) });

/** Runtime neighbours of every node, computed in one pass over the edges. */
export function allNeighbours(g: DependencyGraph): Map<string, Neighbours> {
  const out = new Map<string, Neighbours>();
  const of = (ref: string) => {
    let n = out.get(ref);
    if (!n) out.set(ref, (n = { dependencies: [], dependents: [] }));
    return n;
  };
  g.forEachEdge((_e, a, from, to) => {
    const forward = neighbour(to, a);
    if (!forward) return;
    of(from).dependencies.push(forward);
    of(to).dependents.push(neighbour(from, a)!);
  });
  for (const n of out.values()) {
    n.dependencies.sort(byRef);
    n.dependents.sort(byRef);
  }
  return out;
}

/** One node's runtime neighbours (reads only its own edges). */
function neighboursOf(g: DependencyGraph, ref: string): Neighbours {
  const n: Neighbours = { dependencies: [], dependents: [] };
  g.forEachOutEdge(ref, (_e, a, _from, to) => {
    const x = neighbour(to, a);
    if (x) n.dependencies.push(x);
  });
  g.forEachInEdge(ref, (_e, a, from) => {
    const x = neighbour(from, a);
    if (x) n.dependents.push(x);
  });
  n.dependencies.sort(byRef);
  n.dependents.sort(byRef);
  return n;
}

/** One entity's neighbours with what a page shows of each node; undefined when the graph has no such node. */
export function entityNeighbours(g: DependencyGraph, ref: string): Neighbours<NeighbourNode> | undefined {
  if (!g.hasNode(ref)) return undefined;
  const describe = (n: Neighbour): NeighbourNode => {
    const a = g.getNodeAttributes(n.ref);
    const optional = { title: a.title, type: a.type, tier: a.tier, owner: a.owner, missing: a.missing };
    const node: NeighbourNode = { ...n, kind: a.kind, name: a.name };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(node, { [k]: v });
    return node;
  };
  const n = neighboursOf(g, ref);
  return { dependencies: n.dependencies.map(describe), dependents: n.dependents.map(describe) };
}
