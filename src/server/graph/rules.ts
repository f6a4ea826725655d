// Dependency rules from config (`graph.rules`): "nodes matching `from` must not depend on nodes
// matching `to`", directly or through any path. Pure.
import { z } from 'zod';
import { normalizeRef, shortRef } from '../../common/refs.ts';
import { problem, type Problem } from '../platform/problems.ts';
import { bfs, createSearch, pathTo, runtimeAdjacency, type Adjacency } from './adjacency.ts';
import type { DependencyGraph, GraphNode, Violation } from './types.ts';

/** Every field optional; all given fields must hold (AND). `{}` matches every node. */
export const nodeSelectorSchema = z
  .strictObject({
    kind: z.string().min(1).optional(),
    type: z.string().min(1).optional(),
    tier: z.int().min(1).optional(),
    /** "tier N or higher": the node's tier number is at least N (less critical). */
    minTier: z.int().min(1).optional(),
    maxTier: z.int().min(1).optional(),
    system: z.string().min(1).optional(),
    owner: z.string().min(1).optional(),
    lifecycle: z.string().min(1).optional(),
    /** An entity name, or a full ref when it contains `:`. */
    name: z.string().min(1).optional(),
    /** The node must carry every tag listed. */
    tags: z.array(z.string().min(1)).optional(),
    /** Exact values. */
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .refine((s) => s.minTier === undefined || s.maxTier === undefined || s.minTier <= s.maxTier, {
    message: 'minTier must not be greater than maxTier',
    path: ['minTier'],
  });
export type NodeSelector = z.infer<typeof nodeSelectorSchema>;

export const dependencyRuleSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'use letters, digits, dots, dashes and underscores'),
  description: z.string().optional(),
  from: nodeSelectorSchema,
  to: nodeSelectorSchema,
  /** false (default): direct edges only; true: any path of runtime edges. */
  transitive: z.boolean().default(false),
});
export type DependencyRule = z.output<typeof dependencyRuleSchema>;
export type DependencyRuleInput = z.input<typeof dependencyRuleSchema>;

/** Indexes of rules whose name an earlier rule already uses. Works on raw input too. */
function duplicateNames(rules: unknown[]): number[] {
  const seen = new Set<unknown>();
  const dupes: number[] = [];
  rules.forEach((r, i) => {
    const name = typeof r === 'object' && r !== null ? (r as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') return;
    if (seen.has(name)) dupes.push(i);
    seen.add(name);
  });
  return dupes;
}

export const dependencyRulesSchema = z.array(dependencyRuleSchema).superRefine((rules, ctx) => {
  for (const i of duplicateNames(rules)) ctx.addIssue({ code: 'custom', message: `duplicate rule name "${rules[i].name}"`, path: [i, 'name'] });
});

/** Validates `graph.rules`; every fault becomes a Problem located at `field` (e.g. `graph.rules[1].from.tier`). */
export function parseDependencyRules(input: unknown, at: { file?: string; doc?: number; field?: string } = {}): {
  rules: DependencyRule[];
  problems: Problem[];
} {
  const parsed = dependencyRulesSchema.safeParse(input ?? []);
  if (parsed.success) return { rules: parsed.data, problems: [] };
  const base = at.field ?? 'graph.rules';
  const issues: { message: string; path: PropertyKey[] }[] = [...parsed.error.issues];
  // zod skips the array refinement when an element is invalid; report duplicates anyway.
  if (Array.isArray(input) && !issues.some((i) => i.message.startsWith('duplicate rule name'))) {
    for (const i of duplicateNames(input)) issues.push({ message: `duplicate rule name "${input[i].name}"`, path: [i, 'name'] });
  }
  const problems = issues.map((issue) => {
    const field = issue.path.reduce<string>((f, p) => (typeof p === 'number' ? `${f}[${p}]` : `${f}.${String(p)}`), base);
    return problem(issue.message, { file: at.file, doc: at.doc, field });
  });
  return { rules: [], problems };
}

const lower = (s: string | undefined) => s?.toLowerCase();

/** Compiles a selector once; the predicate takes a node's ref and attributes. */
export function compileSelector(s: NodeSelector): (ref: string, node: Partial<GraphNode>) => boolean {
  const system = s.system && (normalizeRef(s.system, { defaultKind: 'system' }) ?? s.system.toLowerCase());
  const owner = s.owner && (normalizeRef(s.owner, { defaultKind: 'group' }) ?? s.owner.toLowerCase());
  const name = lower(s.name);
  const annotations = Object.entries(s.annotations ?? {});
  return (ref, n) => {
    if (s.kind !== undefined && lower(n.kind) !== lower(s.kind)) return false;
    if (s.type !== undefined && lower(n.type) !== lower(s.type)) return false;
    if (s.lifecycle !== undefined && lower(n.lifecycle) !== lower(s.lifecycle)) return false;
    if (s.tier !== undefined && n.tier !== s.tier) return false;
    if (s.minTier !== undefined && (n.tier === undefined || n.tier < s.minTier)) return false;
    if (s.maxTier !== undefined && (n.tier === undefined || n.tier > s.maxTier)) return false;
    if (system !== undefined && lower(n.system) !== system) return false;
    if (owner !== undefined && lower(n.owner) !== owner) return false;
    if (name !== undefined && (name.includes(':') ? ref !== name : lower(n.name) !== name)) return false;
    if (s.tags && !s.tags.every((t) => n.tags?.includes(t))) return false;
    return annotations.every(([k, v]) => n.annotations?.[k] === v);
  };
}

/** A mask over the adjacency's nodes: 1 where the selector matches. */
export function selectNodes(g: DependencyGraph, adj: Adjacency, s: NodeSelector): Uint8Array {
  const match = compileSelector(s);
  const mask = new Uint8Array(adj.refs.length);
  adj.refs.forEach((ref, v) => {
    mask[v] = match(ref, g.hasNode(ref) ? g.getNodeAttributes(ref) : {}) ? 1 : 0;
  });
  return mask;
}

/** `label` turns a ref into display text; findViolations passes a memoised shortRef. */
export function violation(rule: DependencyRule, path: string[], label: (ref: string) => string = shortRef): Violation {
  const from = path[0];
  const to = path[path.length - 1];
  const through = path.length > 2 ? ` through ${path.slice(1, -1).map(label).join(' → ')}` : '';
  const why = rule.description ? ` (${rule.description})` : '';
  return { rule: rule.name, from, to, path, message: `${rule.name}: ${label(from)} depends on ${label(to)}${through}${why}` };
}

function memoShortRef(): (ref: string) => string {
  const cache = new Map<string, string>();
  return (ref) => {
    let s = cache.get(ref);
    if (s === undefined) cache.set(ref, (s = shortRef(ref)));
    return s;
  };
}

type Finder = (adj: Adjacency, rule: DependencyRule, from: Uint8Array, to: Uint8Array, label: (ref: string) => string) => Violation[];

const directViolations: Finder = (adj, rule, from, to, label) => {
  const found: Violation[] = [];
  for (let v = 0; v < adj.refs.length; v++) {
    if (!from[v]) continue;
    for (let k = adj.outStart[v]; k < adj.outStart[v + 1]; k++) {
      const w = adj.out[k];
      if (to[w] && w !== v) found.push(violation(rule, [adj.refs[v], adj.refs[w]], label));
    }
  }
  return found;
};

/** One shortest path per (from, to) pair. Searches only nodes that can still reach a `to` node. */
const transitiveViolations: Finder = (adj, rule, from, to, label) => {
  const targets: number[] = [];
  for (let v = 0; v < to.length; v++) if (to[v]) targets.push(v);
  const back = bfs(adj, targets, true);
  const canReach = new Uint8Array(adj.refs.length);
  for (let v = 0; v < back.length; v++) canReach[v] = back[v] === -2 ? 0 : 1;
  const found: Violation[] = [];
  const search = createSearch(adj);
  for (let v = 0; v < adj.refs.length; v++) {
    if (!from[v] || !canReach[v]) continue;
    search.run([v], false, canReach);
    for (const w of search.visited()) if (w !== v && to[w]) found.push(violation(rule, pathTo(adj, search.parent, w), label));
  }
  return found;
};

/** Every violation of every rule, over runtime edges; ordered by rule, then from, then to. */
export function findViolations(g: DependencyGraph, rules: DependencyRule[]): Violation[] {
  if (rules.length === 0) return [];
  const adj = runtimeAdjacency(g);
  const label = memoShortRef();
  return rules.flatMap((rule) => {
    const from = selectNodes(g, adj, rule.from);
    const to = selectNodes(g, adj, rule.to);
    const found = (rule.transitive ? transitiveViolations : directViolations)(adj, rule, from, to, label);
    return found.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  });
}
