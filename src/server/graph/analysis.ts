// Cycles and boot order over the runtime edges of a dependency graph. Pure; iterative throughout,
// so a 10,000-deep chain cannot overflow the stack (graphology-components' SCC is recursive).
import { runtimeAdjacency, type Adjacency } from './adjacency.ts';
import type { BlockedReason, BootWaves, Cycle, DependencyGraph } from './types.ts';

/** Tarjan's algorithm without recursion. Returns the component id of every node. */
function tarjan(adj: Adjacency): { comp: Int32Array; count: number } {
  const n = adj.refs.length;
  const { outStart, out } = adj;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callPos = new Int32Array(n);
  let counter = 0;
  let sp = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    let csp = 0;
    const enter = (v: number) => {
      order[v] = low[v] = counter++;
      stack[sp++] = v;
      callNode[csp] = v;
      callPos[csp++] = outStart[v];
    };
    enter(root);
    while (csp > 0) {
      const v = callNode[csp - 1];
      const k = callPos[csp - 1];
      if (k < outStart[v + 1]) {
        callPos[csp - 1]++;
        const w = out[k];
        if (order[w] === -1) enter(w);
        else if (comp[w] === -1 && order[w] < low[v]) low[v] = order[w];
        continue;
      }
      csp--;
      if (csp > 0) {
        const u = callNode[csp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] !== order[v]) continue;
      let w: number;
      do {
        w = stack[--sp];
        comp[w] = count;
      } while (w !== v);
      count++;
    }
  }
  return { comp, count };
}

function hasSelfLoop(adj: Adjacency, v: number): boolean {
  for (let k = adj.outStart[v]; k < adj.outStart[v + 1]; k++) if (adj.out[k] === v) return true;
  return false;
}

/** Shortest closed walk from `s` back to `s` inside one component (breadth-first). */
function shortestCycleThrough(adj: Adjacency, s: number, comp: Int32Array): string[] {
  const parent = new Map<number, number>([[s, -1]]);
  const queue = [s];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (let k = adj.outStart[v]; k < adj.outStart[v + 1]; k++) {
      const w = adj.out[k];
      if (w === s) {
        const path = [adj.refs[s]];
        for (let x = v; x !== s; x = parent.get(x)!) path.push(adj.refs[x]);
        return [adj.refs[s], ...path.slice(1).reverse(), adj.refs[s]];
      }
      if (comp[w] !== comp[s] || parent.has(w)) continue;
      parent.set(w, v);
      queue.push(w);
    }
  }
  return [adj.refs[s]]; // unreachable for a real cycle
}

function cyclesOf(adj: Adjacency): Cycle[] {
  const { comp, count } = tarjan(adj);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < adj.refs.length; v++) members[comp[v]].push(v);
  const cycles: Cycle[] = [];
  for (const m of members) {
    if (m.length === 1 && !hasSelfLoop(adj, m[0])) continue;
    const edges: [string, string][] = [];
    for (const v of m) {
      for (let k = adj.outStart[v]; k < adj.outStart[v + 1]; k++) {
        if (comp[adj.out[k]] === comp[v]) edges.push([adj.refs[v], adj.refs[adj.out[k]]]);
      }
    }
    edges.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
    const first = m.reduce((a, b) => (adj.refs[a] < adj.refs[b] ? a : b));
    const nodes = m.map((v) => adj.refs[v]).sort(cmp);
    cycles.push({ nodes, edges, path: shortestCycleThrough(adj, first, comp) });
  }
  return cycles.sort((a, b) => cmp(a.nodes[0], b.nodes[0]));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Strongly connected components of runtime edges with more than one node, plus self-loops. */
export function findCycles(g: DependencyGraph): Cycle[] {
  return cyclesOf(runtimeAdjacency(g));
}

function waves(adj: Adjacency): BootWaves {
  const n = adj.refs.length;
  const remaining = new Int32Array(n);
  let current: number[] = [];
  for (let v = 0; v < n; v++) {
    remaining[v] = adj.outStart[v + 1] - adj.outStart[v];
    if (remaining[v] === 0) current.push(v);
  }
  const booted = new Uint8Array(n);
  const result: string[][] = [];
  while (current.length > 0) {
    const next: number[] = [];
    for (const v of current) {
      booted[v] = 1;
      for (let k = adj.inStart[v]; k < adj.inStart[v + 1]; k++) {
        if (--remaining[adj.inn[k]] === 0) next.push(adj.inn[k]);
      }
    }
    result.push(current.map((v) => adj.refs[v]).sort(cmp));
    current = next;
  }
  const blocked = adj.refs.filter((_r, v) => !booted[v]).sort(cmp);
  return { waves: result, blocked };
}

/**
 * If every server rebooted at once: wave 0 needs nothing, wave k needs only earlier waves.
 * Nodes on a cycle, or depending on one through any path, are `blocked`. Only runtime nodes
 * and edges take part (System/Domain membership does not delay a boot).
 */
export function bootWaves(g: DependencyGraph): BootWaves {
  return waves(runtimeAdjacency(g));
}

/**
 * For every blocked node: the nearest cycle it sits on or waits behind, and the next dependency
 * on the way there. `cycles` must be `findCycles(g)` when given (indexes refer to it).
 * Sorted by node. Only the nearest cycle is named; a node may be behind others too.
 */
export function blockedReasons(g: DependencyGraph, cycles?: Cycle[]): BlockedReason[] {
  const adj = runtimeAdjacency(g);
  return reasonsOf(adj, cycles ?? cyclesOf(adj));
}

/** Breadth-first along reversed edges from every cycle node at once: nearest cycle wins. */
function reasonsOf(adj: Adjacency, cycles: Cycle[]): BlockedReason[] {
  const n = adj.refs.length;
  const cycleOf = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const distance = new Int32Array(n);
  const queue: number[] = [];
  cycles.forEach((c, i) => {
    for (const ref of c.nodes) {
      const v = adj.index.get(ref);
      if (v === undefined || cycleOf[v] !== -1) continue;
      cycleOf[v] = i;
      queue.push(v);
    }
  });
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (let k = adj.inStart[v]; k < adj.inStart[v + 1]; k++) {
      const u = adj.inn[k];
      if (cycleOf[u] !== -1) continue;
      cycleOf[u] = cycleOf[v];
      next[u] = v;
      distance[u] = distance[v] + 1;
      queue.push(u);
    }
  }
  return queue
    .map((v) => ({
      node: adj.refs[v],
      cycle: cycleOf[v],
      onCycle: distance[v] === 0,
      waitingOn: next[v] === -1 ? null : adj.refs[next[v]],
      distance: distance[v],
    }))
    .sort((a, b) => cmp(a.node, b.node));
}

/** `node → … → first cycle node`, following `waitingOn`; [] when the node is not blocked. */
export function pathToCycle(reasons: BlockedReason[], node: string): string[] {
  const byNode = new Map(reasons.map((r) => [r.node, r]));
  const path: string[] = [];
  for (let r = byNode.get(node); r; r = r.waitingOn === null ? undefined : byNode.get(r.waitingOn)) {
    path.push(r.node);
  }
  return path;
}

/** Cycles, waves and reasons from one adjacency snapshot: what the API and the CLI show. */
export function analyzeBoot(g: DependencyGraph): BootWaves & { cycles: Cycle[]; reasons: BlockedReason[] } {
  const adj = runtimeAdjacency(g);
  const cycles = cyclesOf(adj);
  return { cycles, ...waves(adj), reasons: reasonsOf(adj, cycles) };
}
