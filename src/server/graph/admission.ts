// "Would this new dependency create a cycle or break a rule?" — answered without touching the graph.
import { parseRef } from '../../common/refs.ts';
import { bfs, pathTo, runtimeAdjacency, type Adjacency } from './adjacency.ts';
import { compileSelector, violation, type DependencyRule } from './rules.ts';
import type { DependencyGraph, GraphNode, Violation } from './types.ts';

export interface EdgeCheck {
  allowed: boolean;
  createsCycle: boolean;
  /** `from → to → … → from`: the cycle the edge would close. */
  cycle?: string[];
  /** Violations the graph would have with the edge and does not have without it. */
  violations: Violation[];
}

/** Attributes of a ref, or what the ref itself tells when the entity is not in the graph yet. */
function attrsOf(g: DependencyGraph, ref: string): Partial<GraphNode> {
  if (g.hasNode(ref)) return g.getNodeAttributes(ref);
  const p = parseRef(ref);
  return p ? { kind: p.kind, namespace: p.namespace, name: p.name } : {};
}

/** Nodes a path starting at `ref` reaches (or, reversed, that reach `ref`), with the paths. */
function reach(adj: Adjacency, ref: string, reverse: boolean): { nodes: string[]; path: (n: string) => string[] } {
  const v = adj.index.get(ref);
  if (v === undefined) return { nodes: [ref], path: () => [ref] };
  const parent = bfs(adj, [v], reverse);
  const nodes = adj.refs.filter((_r, w) => parent[w] !== -2);
  const path = (n: string) => {
    const p = pathTo(adj, parent, adj.index.get(n)!);
    return reverse ? p.reverse() : p;
  };
  return { nodes, path };
}

/** For transitive rules: new (a, b) pairs with a reaching `from` and b reachable from `to`. */
function newTransitive(g: DependencyGraph, adj: Adjacency, rule: DependencyRule, from: string, to: string): Violation[] {
  const matchFrom = compileSelector(rule.from);
  const matchTo = compileSelector(rule.to);
  const up = reach(adj, from, true);
  const down = reach(adj, to, false);
  const targets = down.nodes.filter((b) => matchTo(b, attrsOf(g, b)));
  if (targets.length === 0) return [];
  const found: Violation[] = [];
  for (const a of up.nodes) {
    if (!matchFrom(a, attrsOf(g, a))) continue;
    const av = adj.index.get(a);
    const before = av === undefined ? undefined : bfs(adj, [av]);
    for (const b of targets) {
      const bv = adj.index.get(b);
      if (a === b || (before && bv !== undefined && before[bv] !== -2)) continue;
      found.push(violation(rule, [...up.path(a), ...down.path(b)]));
    }
  }
  return found;
}

function newViolations(g: DependencyGraph, adj: Adjacency, rules: DependencyRule[], from: string, to: string): Violation[] {
  return rules.flatMap((rule) => {
    if (rule.transitive) return newTransitive(g, adj, rule, from, to);
    const hit = from !== to && compileSelector(rule.from)(from, attrsOf(g, from)) && compileSelector(rule.to)(to, attrsOf(g, to));
    return hit ? [violation(rule, [from, to])] : [];
  });
}

/**
 * Judges the runtime edge `from → to` against the graph without it: an edge that already exists
 * is judged as if it were new. Refs not in the graph are new, edgeless nodes whose kind and name
 * come from the ref. Cost: a few breadth-first searches, plus one per matching ancestor for
 * transitive rules.
 */
export function checkEdge(g: DependencyGraph, rules: DependencyRule[], from: string, to: string): EdgeCheck {
  const adj = runtimeAdjacency(g, [from, to]);
  let cycle: string[] | undefined;
  if (from === to) cycle = [from, from];
  else {
    const fv = adj.index.get(from);
    const tv = adj.index.get(to);
    if (fv !== undefined && tv !== undefined) {
      const parent = bfs(adj, [tv]);
      if (parent[fv] !== -2) cycle = [from, ...pathTo(adj, parent, fv)];
    }
  }
  const violations = newViolations(g, adj, rules, from, to);
  const createsCycle = cycle !== undefined;
  return { allowed: !createsCycle && violations.length === 0, createsCycle, ...(cycle ? { cycle } : {}), violations };
}
