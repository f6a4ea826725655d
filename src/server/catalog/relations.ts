// Relations between entities, derived from spec fields exactly as Backstage's
// BuiltinKindsEntityProcessor does: every reference field yields a relation and its inverse.
import { RELATION_PAIRS, type Entity, type Relation, type RelationType } from '../../common/catalog.ts';
import { DEFAULT_NAMESPACE, formatRef, parseRef } from '../../common/refs.ts';
import { problem, type Problem } from '../platform/problems.ts';
import type { LoadedEntity } from './types.ts';

/** A spec field holding entity references. Without `defaultKind`, a reference must name its kind. */
export interface RefField {
  field: string;
  type: RelationType;
  defaultKind?: string;
  many?: boolean;
}

const owner: RefField = { field: 'owner', type: 'ownedBy', defaultKind: 'Group' };
const system: RefField = { field: 'system', type: 'partOf', defaultKind: 'System' };
const dependsOn: RefField = { field: 'dependsOn', type: 'dependsOn', many: true };
const dependencyOf: RefField = { field: 'dependencyOf', type: 'dependencyOf', many: true };

/** The reference fields of each built-in kind, with Backstage's default kinds. */
export const REF_FIELDS: Readonly<Record<string, readonly RefField[]>> = {
  Component: [
    owner,
    system,
    { field: 'subcomponentOf', type: 'partOf', defaultKind: 'Component' },
    { field: 'providesApis', type: 'providesApi', defaultKind: 'API', many: true },
    { field: 'consumesApis', type: 'consumesApi', defaultKind: 'API', many: true },
    dependsOn,
    dependencyOf,
  ],
  API: [owner, system],
  Resource: [owner, system, dependsOn, dependencyOf],
  System: [owner, { field: 'domain', type: 'partOf', defaultKind: 'Domain' }],
  Domain: [owner, { field: 'subdomainOf', type: 'partOf', defaultKind: 'Domain' }],
  Group: [
    { field: 'parent', type: 'childOf', defaultKind: 'Group' },
    { field: 'children', type: 'parentOf', defaultKind: 'Group', many: true },
    { field: 'members', type: 'hasMember', defaultKind: 'User', many: true },
  ],
  User: [{ field: 'memberOf', type: 'memberOf', defaultKind: 'Group', many: true }],
  Location: [],
};

/** Each relation type mapped to its inverse, in both directions. */
export const INVERSE_RELATION: Readonly<Record<RelationType, RelationType>> = Object.fromEntries(
  Object.entries(RELATION_PAIRS).flatMap(([a, b]) => [[a, b], [b, a]]),
) as Record<RelationType, RelationType>;

/** The full ref of an entity; a missing namespace is `default`. */
export function entityRef(entity: Entity): string {
  return formatRef({ kind: entity.kind, namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE, name: entity.metadata.name });
}

/** One reference found in a spec field. `target` is undefined when the value is not a valid ref. */
export interface SpecRef {
  /** Dotted path of the value, e.g. `spec.owner` or `spec.dependsOn[1]`. */
  field: string;
  value: unknown;
  type: RelationType;
  target?: string;
  rule: RefField;
}

/** Every reference an entity's spec makes. Like Backstage, a field accepts one string or a list. */
export function specRefs(entity: Entity): SpecRef[] {
  const fields = REF_FIELDS[entity.kind];
  const spec = entity.spec;
  if (!fields || !spec) return [];
  const defaultNamespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const out: SpecRef[] = [];
  for (const rule of fields) {
    const raw = spec[rule.field];
    if (raw === undefined || raw === null) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const field = Array.isArray(raw) ? `spec.${rule.field}[${i}]` : `spec.${rule.field}`;
      const parsed = typeof value === 'string' ? parseRef(value, { defaultKind: rule.defaultKind, defaultNamespace }) : undefined;
      out.push({ field, value, type: rule.type, target: parsed ? formatRef(parsed) : undefined, rule });
    }
  }
  return out;
}

/**
 * The relations of a set of entities: each reference yields `source -type-> target` and its
 * inverse `target -inverse-> source`. Each relation appears once; invalid refs are skipped
 * (validateEntity reports them).
 */
export function deriveRelations(entities: readonly Entity[]): Relation[] {
  const out: Relation[] = [];
  const seen = new Set<string>();
  const add = (type: RelationType, source: string, target: string): void => {
    const key = `${type} ${source} ${target}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ type, source, target });
  };
  for (const entity of entities) {
    const self = entityRef(entity);
    for (const ref of specRefs(entity)) {
      if (ref.target === undefined) continue;
      add(ref.type, self, ref.target);
      add(INVERSE_RELATION[ref.type], ref.target, self);
    }
  }
  return out;
}

/**
 * Warnings for references to entities that are neither in `entities` nor in `knownRefs`
 * (e.g. entities already stored). Backstage keeps such relations too, so they are not errors.
 */
export function unresolvedRefs(entities: ReadonlyArray<LoadedEntity | Entity>, opts: { knownRefs?: ReadonlySet<string> } = {}): Problem[] {
  const loaded = entities.map(asLoaded);
  const known = new Set(loaded.map((l) => l.ref));
  const problems: Problem[] = [];
  for (const { entity, ref, file, doc } of loaded) {
    for (const r of specRefs(entity)) {
      if (r.target === undefined || known.has(r.target) || opts.knownRefs?.has(r.target)) continue;
      const at = file === undefined ? { field: r.field } : { file, doc, field: r.field };
      problems.push(problem(`${ref} refers to ${r.target}, which is not in the catalog`, at, 'warning'));
    }
  }
  return problems;
}

function asLoaded(e: LoadedEntity | Entity): { entity: Entity; ref: string; file?: string; doc?: number } {
  if ('entity' in e && 'ref' in e) return e as LoadedEntity;
  const entity = e as Entity;
  return { entity, ref: entityRef(entity) };
}
