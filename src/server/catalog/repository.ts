// The catalog's SQL, and only here. Times are ISO strings; bodies are JSON text.
import type { Entity, Relation } from '../../common/catalog.ts';
import type { Db } from '../platform/db/connect.ts';
import type { EntityRow, RelationRow } from './tables.ts';

const CHUNK = 500;

async function insertChunked<T extends 'entities' | 'relations'>(db: Db, table: T, rows: (T extends 'entities' ? EntityRow : RelationRow)[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
  }
}

async function deleteWhereIn(db: Db, table: 'entities' | 'relations', values: string[]) {
  for (let i = 0; i < values.length; i += CHUNK) {
    const chunk = values.slice(i, i + CHUNK);
    if (table === 'entities') await db.deleteFrom('entities').where('ref', 'in', chunk).execute();
    else await db.deleteFrom('relations').where('origin', 'in', chunk).execute();
  }
}

export async function sourceHashes(db: Db, source: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('entities').select(['ref', 'hash']).where('source', '=', source).execute();
  return new Map(rows.map((r) => [r.ref, r.hash]));
}

/** Refs among `refs` that belong to a source other than `source` (a conflict). */
export async function refsOwnedElsewhere(db: Db, source: string, refs: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < refs.length; i += CHUNK) {
    const rows = await db.selectFrom('entities').select(['ref', 'source']).where('ref', 'in', refs.slice(i, i + CHUNK)).where('source', '!=', source).execute();
    for (const r of rows) out.set(r.ref, r.source);
  }
  return out;
}

/** Applies a diff: removes `deleted` refs, replaces `upserts` rows and their relations. Call inside a transaction. */
export async function applyEntityDiff(db: Db, diff: { deleted: string[]; upserts: EntityRow[]; relations: RelationRow[] }): Promise<void> {
  const touched = [...diff.deleted, ...diff.upserts.map((r) => r.ref)];
  await deleteWhereIn(db, 'relations', touched);
  await deleteWhereIn(db, 'entities', touched);
  await insertChunked(db, 'entities', diff.upserts);
  await insertChunked(db, 'relations', diff.relations);
}

export interface EntityFilter {
  kind?: string;
  type?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  tier?: number;
  text?: string;
  refs?: string[];
}

/** Keyset pagination on ref: rows after `after`, at most `limit`. */
export async function findEntities(db: Db, f: EntityFilter, page: { limit: number; after?: string }): Promise<EntityRow[]> {
  let q = db.selectFrom('entities').selectAll().orderBy('ref').limit(page.limit);
  if (page.after) q = q.where('ref', '>', page.after);
  if (f.kind) q = q.where('kind', '=', f.kind.toLowerCase());
  if (f.type) q = q.where('type', '=', f.type);
  if (f.owner) q = q.where('owner', '=', f.owner);
  if (f.system) q = q.where('system', '=', f.system);
  if (f.lifecycle) q = q.where('lifecycle', '=', f.lifecycle);
  if (f.tier !== undefined) q = q.where('tier', '=', f.tier);
  if (f.text) q = q.where('search_text', 'like', `%${f.text.toLowerCase().replace(/[%_\\]/g, '')}%`);
  if (f.refs) q = q.where('ref', 'in', f.refs.length ? f.refs : ['']);
  return q.execute();
}

export async function getEntityRow(db: Db, ref: string): Promise<EntityRow | undefined> {
  return db.selectFrom('entities').selectAll().where('ref', '=', ref).executeTakeFirst();
}

/** Every entity, for graph analysis and evaluation. */
export async function allEntities(db: Db): Promise<{ row: EntityRow; entity: Entity }[]> {
  const rows = await db.selectFrom('entities').selectAll().orderBy('ref').execute();
  return rows.map((row) => ({ row, entity: JSON.parse(row.body) as Entity }));
}

/** Which of `refs` the catalog holds (duplicates allowed; 500 per query). */
export async function existingEntityRefs(db: Db, refs: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(refs)];
  const out = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('entities').select('ref').where('ref', 'in', unique.slice(i, i + 500)).execute();
    for (const r of rows) out.add(r.ref);
  }
  return out;
}

export async function relationsOf(db: Db, ref: string): Promise<Relation[]> {
  const rows = await db.selectFrom('relations').select(['source_ref', 'type', 'target_ref']).distinct().where('source_ref', '=', ref).orderBy('type').orderBy('target_ref').execute();
  return rows.map((r) => ({ type: r.type as Relation['type'], source: r.source_ref, target: r.target_ref }));
}

/**
 * Every stored relation. The same relation may come from several origins and then appears
 * more than once: its readers (graph build, check contexts) merge duplicates, which costs
 * less than a DISTINCT over the whole table (a sort of every row).
 */
export async function allRelations(db: Db): Promise<Relation[]> {
  const rows = await db.selectFrom('relations').select(['source_ref', 'type', 'target_ref']).execute();
  return rows.map((r) => ({ type: r.type as Relation['type'], source: r.source_ref, target: r.target_ref }));
}

export async function countByKind(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('entities').select(['kind', db.fn.countAll<number>().as('n')]).groupBy('kind').execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

export async function catalogGenerationRow(db: Db): Promise<{ n: number; latest: string | null }> {
  const row = await db.selectFrom('entities').select([db.fn.countAll<number>().as('n'), db.fn.max('updated_at').as('latest')]).executeTakeFirstOrThrow();
  return { n: Number(row.n), latest: row.latest ?? null };
}
