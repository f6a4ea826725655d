// Deterministic synthetic graphs for benchmarks and tests: same arguments, same graph.
import { DirectedGraph } from 'graphology';
import { seededRandom } from '../../common/random.ts';
import type { DependencyGraph, GraphEdge, GraphNode } from './types.ts';


export interface GenerateOptions {
  /** Share of edges pointing "backwards" (to a lower index), which is what creates cycles. Default 0.003 (a few small cycles on 10k nodes). */
  backEdgeRate?: number;
  /** Nodes per system. Default 20. */
  systemSize?: number;
}

const pad = (i: number) => String(i).padStart(5, '0');

/**
 * `nodes` Components (`component:default/svc-00000`…) with tiers 1..3 and systems, and up to
 * `edges` distinct dependsOn edges. Most edges go from a lower to a higher index (a layered DAG,
 * like real estates); `backEdgeRate` of them go back and close cycles.
 */
export function generateGraph(nodes: number, edges: number, seed: number, opts: GenerateOptions = {}): DependencyGraph {
  const rand = seededRandom(seed);
  const backRate = opts.backEdgeRate ?? 0.003;
  const systemSize = opts.systemSize ?? 20;
  const g: DependencyGraph = new DirectedGraph<GraphNode, GraphEdge>({ allowSelfLoops: true });
  const refs: string[] = [];
  for (let i = 0; i < nodes; i++) {
    const ref = `component:default/svc-${pad(i)}`;
    refs.push(ref);
    const tier = 1 + Math.floor(rand() * 3);
    g.addNode(ref, {
      kind: 'Component',
      namespace: 'default',
      name: `svc-${pad(i)}`,
      type: 'service',
      tier,
      system: `system:default/sys-${pad(Math.floor(i / systemSize))}`,
      owner: `group:default/team-${pad(Math.floor(rand() * Math.max(1, nodes / 50)))}`,
      lifecycle: 'production',
      annotations: { 'tally.dev/tier': String(tier) },
      tags: [],
      runtime: true,
    });
  }
  if (nodes < 2) return g;
  const maxEdges = Math.min(edges, nodes * (nodes - 1));
  for (let attempts = 0; g.size < maxEdges && attempts < maxEdges * 4; attempts++) {
    const a = Math.floor(rand() * nodes);
    const b = Math.floor(rand() * nodes);
    if (a === b) continue;
    const forward = rand() >= backRate;
    const [from, to] = (a < b) === forward ? [a, b] : [b, a];
    if (!g.hasEdge(refs[from], refs[to])) g.addDirectedEdge(refs[from], refs[to], { via: 'dependsOn', runtime: true });
  }
  return g;
}
