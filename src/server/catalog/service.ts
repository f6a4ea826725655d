// Catalog use cases behind the API: list, get, upsert and delete entities.
import type { Entity, Relation } from '../../common/catalog.ts';
import { normalizeRef } from '../../common/refs.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { EventBus } from '../platform/events/events.ts';
import type { Principal } from '../platform/auth/tokens.ts';
import type { Db } from '../platform/db/connect.ts';
import type { EntityRow } from './tables.ts';
import { ConflictError, InputError, NotFoundError, errorsOnly } from '../platform/problems.ts';
import { relationRows } from './import.ts';
import { CATALOG_CHANGED } from './kind.ts';
import { applyEntityDiff, findEntities, getEntityRow, relationsOf, type EntityFilter } from './repository.ts';
import { entityToRow } from './rows.ts';
import { validateEntity } from './validate.ts';

export const API_SOURCE = 'api';

export interface EntityItem {
  ref: string;
  kind: string;
  metadata: Entity['metadata'];
  spec: Record<string, unknown>;
  apiVersion: string;
  source: string;
  relations?: { type: string; target: string }[];
}

function toItem(row: EntityRow, relations?: Relation[]): EntityItem {
  const e = JSON.parse(row.body) as Entity;
  return {
    ref: row.ref,
    kind: e.kind,
    apiVersion: e.apiVersion,
    metadata: e.metadata,
    spec: e.spec ?? {},
    source: row.source,
    ...(relations ? { relations: relations.map((r) => ({ type: r.type, target: r.target })) } : {}),
  };
}

const encodeCursor = (ref: string) => Buffer.from(ref).toString('base64url');
function decodeCursor(cursor: string): string {
  const ref = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!normalizeRef(ref)) throw new InputError('cursor: not a cursor returned by this API', [{ severity: 'error', field: 'querystring.cursor', message: 'invalid cursor' }]);
  return ref;
}

export async function listEntities(db: Db, filter: EntityFilter, page: { limit: number; cursor?: string }) {
  const rows = await findEntities(db, filter, { limit: page.limit + 1, after: page.cursor ? decodeCursor(page.cursor) : undefined });
  const items = rows.slice(0, page.limit).map((r) => toItem(r));
  const nextCursor = rows.length > page.limit ? encodeCursor(items[items.length - 1].ref) : null;
  return { items, nextCursor };
}

export async function getEntity(db: Db, ref: string): Promise<EntityItem> {
  const row = await getEntityRow(db, ref);
  if (!row) throw new NotFoundError(`no entity ${ref}`);
  return toItem(row, await relationsOf(db, ref));
}

type WriteDeps = { db: Db; events: EventBus };

export async function upsertEntity({ db, events }: WriteDeps, raw: unknown, who: Principal, now: Date): Promise<{ item: EntityItem; created: boolean }> {
  const { entity, problems } = validateEntity(raw, { file: 'request body', doc: 0 });
  if (!entity || errorsOnly(problems).length) throw InputError.fromProblems('invalid entity', problems);
  const row = entityToRow(entity, { source: API_SOURCE, now: now.toISOString() });
  const existing = await getEntityRow(db, row.ref);
  if (existing && existing.source !== API_SOURCE) throw new ConflictError(`${row.ref} is managed by the catalog source ${existing.source}; change it there`);
  await db.transaction().execute(async (tx) => {
    await applyEntityDiff(tx, { deleted: [], upserts: [row], relations: relationRows(entity, row.ref) });
    await recordAudit(tx, { actor: who.name, action: existing ? 'entity.update' : 'entity.create', target: row.ref }, now);
    await events.publish(tx, [{ type: CATALOG_CHANGED, payload: { source: API_SOURCE, entity: row.ref } }], now);
  });
  return { item: await getEntity(db, row.ref), created: !existing };
}

export async function deleteEntity({ db, events }: WriteDeps, ref: string, who: Principal, now: Date): Promise<void> {
  const existing = await getEntityRow(db, ref);
  if (!existing) throw new NotFoundError(`no entity ${ref}`);
  if (existing.source !== API_SOURCE) throw new ConflictError(`${ref} comes from the catalog source ${existing.source}; remove it there, or it would come back on the next refresh`);
  await db.transaction().execute(async (tx) => {
    await applyEntityDiff(tx, { deleted: [ref], upserts: [], relations: [] });
    await recordAudit(tx, { actor: who.name, action: 'entity.delete', target: ref }, now);
    await events.publish(tx, [{ type: CATALOG_CHANGED, payload: { source: API_SOURCE, entity: ref } }], now);
  });
}
