// Backstage entities as a document kind: each catalog source is applied on its own and whole
// (one invalid entity keeps the source's previous state), unchanged entities are not rewritten,
// and entities that left the source leave the catalog with their relations. Location entities
// include other files. A change publishes `catalog.changed`.
import { CATALOG_API_VERSIONS, type Entity } from '../../common/catalog.ts';
import type { DocumentKind, Parsed } from '../platform/documents/kinds.ts';
import type { SourceDocument } from '../platform/documents/files.ts';
import { problem, type Problem } from '../platform/problems.ts';
import { importEntities } from './import.ts';
import { entityRef } from './relations.ts';
import type { LoadedEntity } from './types.ts';
import { validateEntity } from './validate.ts';

const CATALOG_VERSIONS = new Set<string>(CATALOG_API_VERSIONS);

/** True for apiVersions that claim to be Backstage catalog entities (and so must validate as one). */
export function isCatalogApiVersion(apiVersion: string): boolean {
  return CATALOG_VERSIONS.has(apiVersion) || apiVersion.startsWith('backstage.io/');
}

export const CATALOG_CHANGED = 'catalog.changed';

export function parseEntityDocument(doc: SourceDocument): { value?: LoadedEntity; name?: string; problems: Problem[] } {
  const at = { file: doc.file, doc: doc.doc };
  const { entity, problems } = validateEntity(doc.body, at);
  return entity ? { value: { entity, ref: entityRef(entity), ...at }, problems } : { problems };
}

/**
 * Keeps the first entity of each ref; every later one is an error naming both places.
 * Refs compare case-insensitively, as in Backstage.
 */
export function duplicateEntities(items: readonly { ref: string; file: string; doc: number }[]): Problem[] {
  const first = new Map<string, { file: string; doc: number }>();
  const problems: Problem[] = [];
  for (const e of items) {
    const earlier = first.get(e.ref);
    if (earlier) problems.push(problem(`duplicate entity ${e.ref}: already defined in ${earlier.file} (document ${earlier.doc + 1})`, { file: e.file, doc: e.doc, field: 'metadata.name' }));
    else first.set(e.ref, e);
  }
  return problems;
}

/** The targets of a Location entity, with the field each comes from. */
export function locationTargets(doc: SourceDocument): { target: string; field: string }[] {
  if (doc.kind !== 'Location' || !isCatalogApiVersion(doc.apiVersion)) return [];
  const spec = (doc.body.spec ?? {}) as Record<string, unknown>;
  const out: { target: string; field: string }[] = [];
  if (typeof spec.target === 'string') out.push({ target: spec.target, field: 'spec.target' });
  if (Array.isArray(spec.targets)) spec.targets.forEach((t, i) => out.push({ target: String(t), field: `spec.targets[${i}]` }));
  return out;
}

export const entityKind: DocumentKind<unknown, LoadedEntity> = {
  name: 'catalog',
  matches: (d) => isCatalogApiVersion(d.apiVersion),
  parse: parseEntityDocument,
  checkSet: (items) => duplicateEntities(items.map((i) => i.value)),
  includes: locationTargets,
  scope: 'source',
  allOrNothing: true,
  async apply(ctx, set) {
    const outcome = await importEntities(ctx.db, set.source ?? 'api', set.items.map((i: Parsed<LoadedEntity>) => i.value), ctx.now);
    if (outcome.added + outcome.updated + outcome.removed > 0) await ctx.publish([{ type: CATALOG_CHANGED, payload: { source: set.source, added: outcome.added, updated: outcome.updated, removed: outcome.removed } }]);
    return outcome;
  },
};

export type { Entity };
