// Test helpers for this folder only: small catalogs and graphs written tersely.
import type { Entity, Relation, RelationType } from '../../common/catalog.ts';
import { RELATION_PAIRS } from '../../common/catalog.ts';
import { buildDependencyGraph } from './build.ts';
import type { DependencyGraph } from './types.ts';

export const ref = (name: string, kind = 'component') => `${kind}:default/${name}`;

export function entity(kind: string, name: string, fields: { tier?: number; annotations?: Record<string, string>; spec?: Record<string, unknown>; tags?: string[] } = {}): Entity {
  const annotations = { ...(fields.annotations ?? {}), ...(fields.tier ? { 'tally.dev/tier': String(fields.tier) } : {}) };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, annotations, ...(fields.tags ? { tags: fields.tags } : {}) },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a', ...(fields.spec ?? {}) },
  };
}

/** Both halves of a relation pair, as the catalog emits them. */
export function related(type: keyof typeof RELATION_PAIRS, source: string, target: string): Relation[] {
  return [
    { type, source, target },
    { type: RELATION_PAIRS[type] as RelationType, source: target, target: source },
  ];
}

/**
 * Components named by the edge list, `"a>b c>d"` meaning a dependsOn b; `tiers` sets tier annotations.
 * Returns the graph built through buildDependencyGraph, so tests exercise the real derivation.
 */
export function graphOf(edges: string, tiers: Record<string, number> = {}): DependencyGraph {
  const pairs = edges.split(/\s+/).filter(Boolean).map((e) => e.split('>') as [string, string]);
  const names = new Set([...pairs.flat(), ...Object.keys(tiers)]);
  const entities = [...names].map((n) => entity('Component', n, { tier: tiers[n] }));
  return buildDependencyGraph(entities, pairs.flatMap(([a, b]) => related('dependsOn', ref(a), ref(b))));
}
