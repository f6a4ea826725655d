// A compact, read-only snapshot of the runtime part of a graph (CSR arrays), built once per
// analysis so the hot loops run on integers instead of graphology's string-keyed maps.
import type { DependencyGraph } from './types.ts';

export interface Adjacency {
  /** Node refs by index, in graph insertion order. */
  refs: string[];
  index: Map<string, number>;
  /** Dependencies of node i: out[outStart[i] .. outStart[i+1]). */
  outStart: Int32Array;
  out: Int32Array;
  /** Dependents of node i: inn[inStart[i] .. inStart[i+1]). */
  inStart: Int32Array;
  inn: Int32Array;
}

/**
 * Runtime nodes (`runtime !== false`) plus the endpoints of runtime edges, and runtime edges.
 * `skip` leaves one edge out, so the admission check can judge an edge that already exists.
 */
export function runtimeAdjacency(g: DependencyGraph, skip?: [string, string]): Adjacency {
  const refs: string[] = [];
  const index = new Map<string, number>();
  const add = (ref: string) => {
    let i = index.get(ref);
    if (i === undefined) {
      i = refs.length;
      refs.push(ref);
      index.set(ref, i);
    }
    return i;
  };
  g.forEachNode((ref, attrs) => {
    if (attrs.runtime !== false) add(ref);
  });
  const src: number[] = [];
  const dst: number[] = [];
  g.forEachEdge((_e, attrs, source, target) => {
    if (attrs.runtime === false) return;
    if (skip && source === skip[0] && target === skip[1]) return;
    src.push(add(source));
    dst.push(add(target));
  });
  const [outStart, out] = compress(refs.length, src, dst);
  const [inStart, inn] = compress(refs.length, dst, src);
  return { refs, index, outStart, out, inStart, inn };
}

function compress(n: number, from: number[], to: number[]): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1);
  for (const f of from) start[f + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const list = new Int32Array(from.length);
  for (let k = 0; k < from.length; k++) list[fill[from[k]]++] = to[k];
  return [start, list];
}

/** A reusable breadth-first search: buffers are allocated once and reset in O(visited). */
export interface Search {
  /** Parent of each reached node (-1 for sources, -2 for unreached). Valid until the next run. */
  parent: Int32Array;
  /** Reached nodes in breadth-first order. Valid until the next run. */
  visited(): Int32Array;
  run(sources: number[], reverse?: boolean, allowed?: Uint8Array): void;
}

export function createSearch(adj: Adjacency): Search {
  const n = adj.refs.length;
  const parent = new Int32Array(n).fill(-2);
  const queue = new Int32Array(n);
  let tail = 0;
  const run = (sources: number[], reverse = false, allowed?: Uint8Array) => {
    for (let i = 0; i < tail; i++) parent[queue[i]] = -2;
    tail = 0;
    const start = reverse ? adj.inStart : adj.outStart;
    const list = reverse ? adj.inn : adj.out;
    for (const s of sources) {
      if (parent[s] !== -2) continue;
      parent[s] = -1;
      queue[tail++] = s;
    }
    for (let head = 0; head < tail; head++) {
      const v = queue[head];
      for (let k = start[v]; k < start[v + 1]; k++) {
        const w = list[k];
        if (parent[w] !== -2 || (allowed && !allowed[w])) continue;
        parent[w] = v;
        queue[tail++] = w;
      }
    }
  };
  return { parent, visited: () => queue.subarray(0, tail), run };
}

/**
 * Breadth-first search from `sources` along `out` (or `inn` when `reverse`). Returns the parent of
 * each reached node (-1 for sources, -2 for unreached); `allowed` limits which nodes are expanded.
 */
export function bfs(adj: Adjacency, sources: number[], reverse = false, allowed?: Uint8Array): Int32Array {
  const search = createSearch(adj);
  search.run(sources, reverse, allowed);
  return search.parent;
}

/** The path source … node from a `bfs` parent array, as refs (source first). */
export function pathTo(adj: Adjacency, parent: Int32Array, node: number): string[] {
  const path: string[] = [];
  for (let v = node; v >= 0; v = parent[v]) path.push(adj.refs[v]);
  return path.reverse();
}
