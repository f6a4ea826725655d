// The `graph` context provider: what the dependency analysis says about each entity, for
// checks and CEL (`graph.inCycle`, `graph.violations`, …). Computed once per catalog generation.
import type { CatalogView, ContextProvider } from '../checks/index.ts';
import type { Config } from '../platform/config.ts';
import { analyzeCatalog, currentAnalysis, type GraphAnalysis } from './snapshot.ts';

export interface GraphFacts {
  inCycle: boolean;
  cycle: string[];
  blocked: boolean;
  bootWave: number | null;
  violations: { rule: string; to: string; message: string }[];
}

const EMPTY: GraphFacts = Object.freeze({ inCycle: false, cycle: [], blocked: false, bootWave: null, violations: [] }) as GraphFacts;

/** Per-ref graph facts, computed once for the whole catalog. */
export function graphFacts(analysis: Pick<GraphAnalysis, 'cycles' | 'waves' | 'blocked' | 'violations'>): Map<string, GraphFacts> {
  const out = new Map<string, GraphFacts>();
  const get = (ref: string) => {
    let f = out.get(ref);
    if (!f) out.set(ref, (f = { inCycle: false, cycle: [], blocked: false, bootWave: null, violations: [] }));
    return f;
  };
  for (const c of analysis.cycles) for (const n of c.nodes) if (!get(n).inCycle) Object.assign(get(n), { inCycle: true, cycle: c.nodes });
  analysis.waves.forEach((w, i) => w.forEach((n) => (get(n).bootWave = i)));
  for (const n of analysis.blocked) get(n).blocked = true;
  for (const v of analysis.violations) get(v.from).violations.push({ rule: v.rule, to: v.to, message: v.message });
  return out;
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

export const graphContext: ContextProvider<GraphFacts> = {
  name: 'graph',
  celType: 'map<string, dyn>',
  description: 'What the dependency analysis says about the entity (docs/graph.md).',
  fields: {
    inCycle: 'true when the entity is on a dependency cycle',
    cycle: 'the refs of that cycle',
    blocked: 'true when a cycle blocks its cold start',
    bootWave: 'its wave in the cold-start boot order (0 first), or null',
    violations: 'broken dependency rules: `rule`, `to`, `message`',
  },
  empty: EMPTY,
  async load(deps) {
    return factsOf(await currentAnalysis(deps.db, deps.config.graph.rules));
  },
  offline: (input) => graphFacts(offlineAnalysis(input.catalog, input.config)),
};
