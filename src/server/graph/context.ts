// The `graph` context provider: what the dependency analysis says about each entity, for
// checks and CEL (`graph.inCycle`, `graph.violations`, `graph.dependencies`, …). Computed once
// per catalog generation. It explains itself (explain()), so a check that reads
// `graph.violations` names the edge and the rule, and one that reads `graph.inCycle` the cycle.
import { shortRef } from '../../common/refs.ts';
import type { EvidenceObject } from '../../common/evidence.ts';
import type { CatalogView, ContextProvider, Explanation } from '../checks/index.ts';
import type { Config } from '../platform/config.ts';
import { allNeighbours, type Neighbour } from './neighbours.ts';
import { analyzeCatalog, currentAnalysis, type GraphAnalysis } from './snapshot.ts';

export interface GraphFacts {
  inCycle: boolean;
  /** The refs of the entity's cycle, sorted. */
  cycle: string[];
  /** One closed walk through that cycle, its first ref repeated at the end. */
  cyclePath: string[];
  blocked: boolean;
  bootWave: number | null;
  violations: { rule: string; to: string; path: string[]; message: string }[];
  /** What the entity needs to run and what needs it: the same lists as GET /api/v1/entities/:ref/dependencies. */
  dependencies: Neighbour[];
  dependents: Neighbour[];
}

const EMPTY: GraphFacts = Object.freeze({ inCycle: false, cycle: [], cyclePath: [], blocked: false, bootWave: null, violations: [], dependencies: [], dependents: [] }) as GraphFacts;

/** Per-ref graph facts, computed once for the whole catalog. */
export function graphFacts(analysis: Pick<GraphAnalysis, 'graph' | 'cycles' | 'waves' | 'blocked' | 'violations'>): Map<string, GraphFacts> {
  const out = new Map<string, GraphFacts>();
  const get = (ref: string) => {
    let f = out.get(ref);
    if (!f) out.set(ref, (f = { inCycle: false, cycle: [], cyclePath: [], blocked: false, bootWave: null, violations: [], dependencies: [], dependents: [] }));
    return f;
  };
  for (const c of analysis.cycles) for (const n of c.nodes) if (!get(n).inCycle) Object.assign(get(n), { inCycle: true, cycle: c.nodes, cyclePath: walkFrom(c.path, n) });
  analysis.waves.forEach((w, i) => w.forEach((n) => (get(n).bootWave = i)));
  for (const n of analysis.blocked) get(n).blocked = true;
  for (const v of analysis.violations) get(v.from).violations.push({ rule: v.rule, to: v.to, path: v.path, message: v.message });
  for (const [ref, n] of allNeighbours(analysis.graph)) Object.assign(get(ref), n);
  return out;
}

/** The closed walk `path` (first node repeated last) rotated to start and end at `node`, when it passes it. */
function walkFrom(path: string[], node: string): string[] {
  const ring = path.slice(0, -1);
  const i = ring.indexOf(node);
  return i < 0 ? path : [...ring.slice(i), ...ring.slice(0, i), node];
}

const byAnalysis = new WeakMap<GraphAnalysis, Map<string, GraphFacts>>();
function factsOf(analysis: GraphAnalysis): Map<string, GraphFacts> {
  let f = byAnalysis.get(analysis);
  if (!f) byAnalysis.set(analysis, (f = graphFacts(analysis)));
  return f;
}

function offlineAnalysis(catalog: CatalogView, config: Config): GraphAnalysis {
  return analyzeCatalog(catalog.entities.map((e) => e.entity), catalog.relations, config.graph.rules);
}

const arrows = (refs: readonly string[]) => refs.map((r) => shortRef(r)).join(' → ');

/** Rule violations: each edge (or path) and the rule it breaks. Tolerates hand-made facts without paths. */
function explainViolations(f: GraphFacts, self: string): Explanation {
  const violations = f.violations ?? [];
  if (violations.length === 0) return { observed: 'no dependency breaks a dependency rule' };
  const path = (v: GraphFacts['violations'][number]) => (v.path?.length ? v.path : [self, v.to]);
  const objects: EvidenceObject[] = violations.map((v) => ({ kind: 'edge', label: arrows(path(v)), ref: v.to, rule: v.rule }));
  return { observed: violations.map((v) => `${arrows(path(v))} breaks ${v.rule}`).join('; '), objects };
}

/** The cycle, as a walk from the entity, with its other members to link to. */
function explainCycle(f: GraphFacts, self: string): Explanation {
  if (!f.inCycle) return { observed: 'on no dependency cycle' };
  const cycle = f.cycle ?? [];
  const objects: EvidenceObject[] = cycle.filter((r) => r !== self).map((r) => ({ kind: 'entity', label: shortRef(r), ref: r }));
  const walk = f.cyclePath?.length ? f.cyclePath : [...cycle, cycle[0]];
  return { observed: `on the dependency cycle ${arrows(walk)}`, objects };
}

function explainGraph(f: GraphFacts, fields: ReadonlySet<string>, self: string): Explanation | undefined {
  const parts: Explanation[] = [];
  if (fields.has('violations')) parts.push(explainViolations(f, self));
  if (fields.has('inCycle') || fields.has('cycle') || fields.has('cyclePath')) parts.push(explainCycle(f, self));
  if (parts.length === 0) return undefined;
  const objects = parts.flatMap((p) => p.objects ?? []);
  return { observed: parts.map((p) => p.observed).join('; '), ...(objects.length ? { objects } : {}) };
}

export const graphContext: ContextProvider<GraphFacts> = {
  name: 'graph',
  celType: 'map<string, dyn>',
  description: 'What the dependency analysis says about the entity (docs/graph.md).',
  fields: {
    inCycle: 'true when the entity is on a dependency cycle',
    cycle: 'the refs of that cycle, sorted',
    cyclePath: 'one closed walk through the cycle from the entity, e.g. `[pricing, promotions, pricing]` as refs',
    blocked: 'true when a cycle blocks its cold start',
    bootWave: 'its wave in the cold-start boot order (0 first), or null',
    violations: 'broken dependency rules: `rule`, `to`, `path` (refs from the entity to `to`), `message`',
    dependencies: 'what it needs to run: `{ref, via, apis?}` with `via` dependsOn, consumesApi (the provider of a consumed API) or partOf (a parent component) — what the report card lists',
    dependents: 'what needs it to run, in the same form (e.g. the consumers of the APIs it provides)',
  },
  empty: EMPTY,
  async load(deps) {
    return factsOf(await currentAnalysis(deps.db, deps.config.graph.rules));
  },
  offline: (input) => graphFacts(offlineAnalysis(input.catalog, input.config)),
  explain: (f, fields, ctx) => explainGraph(f, fields, ctx.ref),
};
