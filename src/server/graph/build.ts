// Builds the dependency graph from catalog entities and relations. Pure.
// Edge `a → b` means "a needs b to run" (docs/graph.md explains each derivation).
import { DirectedGraph } from 'graphology';
import { ANNOTATIONS, type Entity, type Relation } from '../../common/catalog.ts';
import { normalizeRef, parseRef } from '../../common/refs.ts';
import { parseTier } from '../../common/tier.ts';
import { entityRef } from '../catalog/index.ts';
import type { DependencyGraph, EdgeVia, GraphEdge, GraphNode } from './types.ts';

/** Kinds that become nodes. Groups, Users and Locations are not part of the dependency graph. */
const GRAPH_KINDS = new Set(['component', 'resource', 'api', 'system', 'domain']);
/** Kinds that run, and so take part in boot order even without edges. */
const RUNNING_KINDS = new Set(['component', 'resource']);

/** Stronger derivations win when two relations give the same (source, target) pair. */
const VIA_RANK: Record<EdgeVia, number> = { dependsOn: 3, consumesApi: 2, partOf: 1 };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function nodeFromEntity(e: Entity): GraphNode {
  const namespace = e.metadata.namespace ?? 'default';
  const spec = e.spec ?? {};
  const annotations = { ...(e.metadata.annotations ?? {}) };
  const ref = (v: unknown, defaultKind: string) => {
    const s = str(v);
    return s === undefined ? undefined : (normalizeRef(s, { defaultKind, defaultNamespace: namespace }) ?? s);
  };
  const node: GraphNode = {
    kind: e.kind,
    namespace,
    name: e.metadata.name,
    annotations,
    tags: [...(e.metadata.tags ?? [])],
    runtime: RUNNING_KINDS.has(e.kind.toLowerCase()),
  };
  const optional = {
    title: str(e.metadata.title),
    type: str(spec.type),
    tier: parseTier(annotations[ANNOTATIONS.tier]),
    system: ref(spec.system, 'system'),
    owner: ref(spec.owner, 'group'),
    lifecycle: str(spec.lifecycle),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(node, { [k]: v });
  return node;
}

function placeholderNode(ref: string): GraphNode | undefined {
  const p = parseRef(ref);
  if (!p || !GRAPH_KINDS.has(p.kind.toLowerCase())) return undefined;
  return { kind: p.kind, namespace: p.namespace, name: p.name, annotations: {}, tags: [], runtime: false, missing: true };
}

interface RelationIndex {
  depends: [string, string][];
  consumes: [string, string][]; // [consumer, api]
  providers: Map<string, Set<string>>; // api → providers
  partOf: [string, string][]; // [part, whole]
}

/** Reads both directions of each relation pair, so either half alone is enough. */
function indexRelations(relations: Relation[]): RelationIndex {
  const idx: RelationIndex = { depends: [], consumes: [], providers: new Map(), partOf: [] };
  const provide = (provider: string, api: string) => {
    if (!idx.providers.has(api)) idx.providers.set(api, new Set());
    idx.providers.get(api)!.add(provider);
  };
  for (const { type, source: s, target: t } of relations) {
    if (type === 'dependsOn') idx.depends.push([s, t]);
    else if (type === 'dependencyOf') idx.depends.push([t, s]);
    else if (type === 'consumesApi') idx.consumes.push([s, t]);
    else if (type === 'apiConsumedBy') idx.consumes.push([t, s]);
    else if (type === 'providesApi') provide(s, t);
    else if (type === 'apiProvidedBy') provide(t, s);
    else if (type === 'partOf') idx.partOf.push([s, t]);
    else if (type === 'hasPart') idx.partOf.push([t, s]);
  }
  return idx;
}

function ensureNode(g: DependencyGraph, ref: string): boolean {
  if (g.hasNode(ref)) return true;
  const node = placeholderNode(ref);
  if (node) g.addNode(ref, node);
  return node !== undefined;
}

/** Adds or merges an edge; the stronger `via` wins, `runtime` is OR-ed, `apis` are unioned. */
function addEdge(g: DependencyGraph, from: string, to: string, attrs: GraphEdge): void {
  if (!ensureNode(g, from) || !ensureNode(g, to)) return;
  if (!g.hasEdge(from, to)) {
    g.addDirectedEdge(from, to, attrs);
    return;
  }
  const old = g.getEdgeAttributes(from, to);
  // The other half of a relation pair (dependsOn/dependencyOf) gives the same edge again.
  if (old.via === attrs.via && old.runtime === attrs.runtime && !attrs.apis) return;
  const merged: GraphEdge = VIA_RANK[attrs.via] > VIA_RANK[old.via] ? { ...attrs } : { ...old };
  merged.runtime = Boolean(old.runtime || attrs.runtime);
  const apis = [...new Set([...(old.apis ?? []), ...(attrs.apis ?? [])])].sort();
  if (apis.length > 0) merged.apis = apis;
  g.replaceEdgeAttributes(from, to, merged);
}

const isComponent = (ref: string) => ref.startsWith('component:');

/**
 * - dependsOn: `a → b`.
 * - consumesApi: collapsed to `consumer → provider` for each provider of the API (so rules and
 *   boot waves see the component that must run); with no provider, `consumer → api` keeps the
 *   unmet need visible. A component consuming its own API gets no edge.
 * - partOf: `part → whole`. Runtime only between two Components (a subcomponent needs its parent);
 *   membership in a System or Domain is drawn but is not a boot dependency.
 * Relations to refs with no entity create placeholder nodes (`missing: true`) of graph kinds.
 */
export function buildDependencyGraph(entities: Entity[], relations: Relation[]): DependencyGraph {
  const g: DependencyGraph = new DirectedGraph<GraphNode, GraphEdge>({ allowSelfLoops: true });
  for (const e of entities) {
    if (!GRAPH_KINDS.has(e.kind.toLowerCase())) continue;
    const ref = entityRef(e);
    if (!g.hasNode(ref)) g.addNode(ref, nodeFromEntity(e));
  }
  const idx = indexRelations(relations);
  for (const [a, b] of idx.depends) addEdge(g, a, b, { via: 'dependsOn', runtime: true });
  for (const [consumer, api] of idx.consumes) {
    const all = idx.providers.get(api) ?? new Set<string>();
    const providers = [...all].filter((p) => p !== consumer);
    if (all.size === 0) addEdge(g, consumer, api, { via: 'consumesApi', runtime: true, apis: [api] });
    for (const p of providers) addEdge(g, consumer, p, { via: 'consumesApi', runtime: true, apis: [api] });
  }
  for (const [part, whole] of idx.partOf) {
    if (part === whole) continue;
    addEdge(g, part, whole, { via: 'partOf', runtime: isComponent(part) && isComponent(whole) });
  }
  g.forEachEdge((_e, attrs, source, target) => {
    if (!attrs.runtime) return;
    g.setNodeAttribute(source, 'runtime', true);
    g.setNodeAttribute(target, 'runtime', true);
  });
  return g;
}
