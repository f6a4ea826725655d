// The change database's SQL, and only here (revert attempts: revert-repository.ts).
import type { Db } from '../platform/db/connect.ts';
import { selectWithValues } from '../platform/db/bulk.ts';
import { entityRows, LONG_RUNNING_MS } from './rows.ts';
import type { ChangeRow } from './tables.ts';

/** Rows per INSERT: 27 columns × 200 stays far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 200;
const IN_CHUNK = 500;

/** Inserts rows; a row whose (source, external_id) already exists is skipped. Returns the ids inserted. */
export async function insertChangeRows(db: Db, rows: ChangeRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const ids = await db
      .insertInto('changes')
      .values(chunk)
      .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
      .returning('id')
      .execute();
    for (const r of ids) inserted.add(r.id);
    const links = chunk.filter((r) => ids.length === chunk.length || inserted.has(r.id)).flatMap(entityRows);
    for (let j = 0; j < links.length; j += CHUNK * 2) await db.insertInto('change_entities').values(links.slice(j, j + CHUNK * 2)).execute();
  }
  return inserted;
}

/** Replaces every field but id and created_at, and the entity links. */
export async function updateChangeRow(db: Db, row: ChangeRow): Promise<void> {
  const { id, created_at: _created, ...fields } = row;
  await db.updateTable('changes').set(fields).where('id', '=', id).execute();
  await db.deleteFrom('change_entities').where('change_id', '=', id).execute();
  const links = entityRows(row);
  if (links.length) await db.insertInto('change_entities').values(links).execute();
}

/** Stored rows for (source, externalId) pairs, keyed `source\u0000externalId`. */
export async function rowsByExternalId(db: Db, pairs: { source: string; externalId: string }[]): Promise<Map<string, ChangeRow>> {
  const out = new Map<string, ChangeRow>();
  const ids = [...new Set(pairs.map((p) => p.externalId))];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const rows = await db.selectFrom('changes').selectAll().where('external_id', 'in', ids.slice(i, i + IN_CHUNK)).execute();
    for (const r of rows) out.set(`${r.source}\u0000${r.external_id}`, r);
  }
  return out;
}

export async function getChangeRow(db: Db, id: string): Promise<ChangeRow | undefined> {
  return db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * previousDeployedVersion for many deploys at once (one query per chunk, not per deploy):
 * `keys` are [entity, environment, before]; the answers come in the same order.
 */
export async function previousDeployedVersions(db: Db, keys: readonly [string, string, string][]): Promise<(string | undefined)[]> {
  const rows = await selectWithValues<{ i: string | number; version: string | null }>(
    db,
    'wanted',
    ['i', 'entity', 'environment', 'before'],
    keys.map((k, i) => [String(i), ...k]),
    `select w.i as i, (select c.version from change_entities ce join changes c on c.id = ce.change_id
        where ce.entity = w.entity and ce.started_at < w.before and c.kind = 'deploy' and c.status = 'succeeded'
          and c.environment = w.environment and c.version is not null
        order by ce.started_at desc limit 1) as version
      from wanted w`,
  );
  const out: (string | undefined)[] = new Array(keys.length).fill(undefined);
  for (const r of rows) out[Number(r.i)] = r.version ?? undefined;
  return out;
}

export interface ChangeFilter {
  from?: string;
  to?: string;
  /** Any of these entities. */
  entities?: string[];
  kind?: string[];
  actor?: string;
  status?: string[];
  source?: string;
  environment?: string;
  unmapped?: boolean;
  text?: string;
}

/** Newest first, keyset on (started_at, id): rows strictly before `after`. */
export async function findChangeRows(db: Db, f: ChangeFilter, page: { limit: number; after?: { startedAt: string; id: string } }): Promise<ChangeRow[]> {
  let q = db.selectFrom('changes').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(page.limit);
  if (page.after) {
    const { startedAt, id } = page.after;
    q = q.where((eb) => eb.or([eb('started_at', '<', startedAt), eb.and([eb('started_at', '=', startedAt), eb('id', '<', id)])]));
  }
  if (f.from) q = q.where('started_at', '>=', f.from);
  if (f.to) q = q.where('started_at', '<', f.to);
  if (f.entities) {
    const refs = f.entities.length ? f.entities : [''];
    q = q.where('id', 'in', (eb) => {
      let sub = eb.selectFrom('change_entities').select('change_id').where('entity', 'in', refs);
      if (f.from) sub = sub.where('started_at', '>=', f.from);
      if (f.to) sub = sub.where('started_at', '<', f.to);
      return sub;
    });
  }
  if (f.kind?.length) q = q.where('kind', 'in', f.kind);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.environment) q = q.where('environment', '=', f.environment);
  if (f.unmapped !== undefined) q = q.where('unmapped', '=', f.unmapped ? 1 : 0);
  if (f.text) q = q.where('search_text', 'like', `%${f.text.toLowerCase().replace(/[%_\\]/g, '')}%`);
  return q.execute();
}

/**
 * Suspect candidates: changes on `entities` under way at some point in [from, to]. Short
 * changes (≤ LONG_RUNNING_MS) that overlap the window started at most that long before it: one
 * narrow range on (entity, started_at). Long or unfinished ones are looked up back to
 * `runningSince` on (entity, long_running, started_at), where there are few. Callers filter
 * the exact overlap; each row comes with the entity that matched.
 */
export async function changesOnEntitiesDuring(db: Db, entities: string[], w: { from: string; to: string; runningSince: string }): Promise<{ entity: string; row: ChangeRow }[]> {
  if (entities.length === 0) return [];
  const shortFrom = new Date(Date.parse(w.from) - LONG_RUNNING_MS).toISOString();
  const base = () =>
    db
      .selectFrom('change_entities as ce')
      .innerJoin('changes as c', 'c.id', 'ce.change_id')
      .selectAll('c')
      .select('ce.entity as matched_entity')
      .where('ce.entity', 'in', entities);
  const recent = await base().where('ce.started_at', '>=', shortFrom).where('ce.started_at', '<=', w.to).execute();
  const long = await base()
    .where('ce.long_running', '=', 1)
    .where('ce.started_at', '>=', w.runningSince)
    .where('ce.started_at', '<', shortFrom)
    .where((eb) => eb.or([eb('ce.ended_at', 'is', null), eb('ce.ended_at', '>=', w.from)]))
    .execute();
  return [...recent, ...long].map(({ matched_entity, ...row }) => ({ entity: matched_entity, row }));
}

const joinedChanges = (db: Db) =>
  db.selectFrom('change_entities as ce').innerJoin('changes as c', 'c.id', 'ce.change_id').selectAll('c').select('ce.entity as matched_entity');
type JoinedChanges = ReturnType<typeof joinedChanges>;

/** Every change on any of `refs` that `narrow` keeps, with the entity it matched (chunked IN lists). */
export async function changesOfEntities(db: Db, refs: string[], narrow: (q: JoinedChanges) => JoinedChanges): Promise<{ entity: string; row: ChangeRow }[]> {
  const out: { entity: string; row: ChangeRow }[] = [];
  for (let i = 0; i < refs.length; i += IN_CHUNK) {
    const rows = await narrow(joinedChanges(db).where('ce.entity', 'in', refs.slice(i, i + IN_CHUNK))).execute();
    for (const { matched_entity, ...row } of rows) out.push({ entity: matched_entity, row });
  }
  return out;
}

/** Every change on any of `refs` that started at or after `since`, with the entity matched. */
export function changesOfEntitiesSince(db: Db, refs: string[], since: string): Promise<{ entity: string; row: ChangeRow }[]> {
  return changesOfEntities(db, refs, (q) => q.where('ce.started_at', '>=', since));
}

export async function countChanges(db: Db): Promise<number> {
  const row = await db.selectFrom('changes').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes changes that started before `before` (their entity links and revert attempts go with them). */
export async function deleteChangesBefore(db: Db, before: string): Promise<number> {
  await db.deleteFrom('change_entities').where('started_at', '<', before).execute();
  await db.deleteFrom('revert_attempts').where('change_id', 'in', (eb) => eb.selectFrom('changes').select('id').where('started_at', '<', before)).execute();
  const result = await db.deleteFrom('changes').where('started_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
