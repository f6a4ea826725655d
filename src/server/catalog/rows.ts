// Entity ↔ row mapping: the columns we filter on are lifted out of the Backstage body.
import { createHash } from 'node:crypto';
import type { Entity } from '../../common/catalog.ts';
import { normalizeRef } from '../../common/refs.ts';
import type { EntityRow } from './tables.ts';
import { readTier } from '../../common/tier.ts';
import { entityRef } from './relations.ts';

function specString(e: Entity, key: string): string | null {
  const v = e.spec?.[key];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export function entityToRow(e: Entity, at: { source: string; file?: string; doc?: number; now: string }): EntityRow {
  const namespace = e.metadata.namespace ?? 'default';
  const ctx = { defaultNamespace: namespace };
  const owner = specString(e, 'owner');
  const system = specString(e, 'system');
  const body = JSON.stringify(e);
  const m = e.metadata;
  return {
    ref: entityRef(e),
    kind: e.kind.toLowerCase(),
    namespace: namespace.toLowerCase(),
    name: m.name,
    type: specString(e, 'type'),
    owner: owner ? (normalizeRef(owner, { ...ctx, defaultKind: 'group' }) ?? null) : null,
    system: system ? (normalizeRef(system, { ...ctx, defaultKind: 'system' }) ?? null) : null,
    lifecycle: specString(e, 'lifecycle'),
    tier: readTier(e) ?? null,
    search_text: [m.name, m.title, m.description, ...(m.tags ?? [])].filter(Boolean).join(' ').toLowerCase(),
    body,
    hash: createHash('sha1').update(body).update(at.source).update(String(at.file)).digest('hex'),
    source: at.source,
    file: at.file ?? null,
    doc: at.doc ?? null,
    updated_at: at.now,
  };
}
