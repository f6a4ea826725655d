// The SQL of postmortems and follow-ups. Edits check the row's version (409 on a stale one).
import type { Db } from '../../platform/db/connect.ts';
import type { FollowUpRow, PostmortemRow } from '../tables.ts';

const IN_CHUNK = 500;

/** Inserts unless the incident (or change) already has one; true when inserted. */
export async function insertPostmortem(db: Db, row: PostmortemRow): Promise<boolean> {
  const conflict = row.incident_id !== null ? 'incident_id' : 'change_id';
  const r = await db.insertInto('incident_postmortems').values(row).onConflict((oc) => oc.column(conflict).doNothing()).returning('id').execute();
  return r.length === 1;
}

export async function postmortemById(db: Db, id: string): Promise<PostmortemRow | undefined> {
  return db.selectFrom('incident_postmortems').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function postmortemOfIncident(db: Db, incidentId: string): Promise<PostmortemRow | undefined> {
  return db.selectFrom('incident_postmortems').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
}

export async function postmortemsOfIncidents(db: Db, ids: readonly string[]): Promise<PostmortemRow[]> {
  const out: PostmortemRow[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await db.selectFrom('incident_postmortems').selectAll().where('incident_id', 'in', ids.slice(i, i + IN_CHUNK)).execute()));
  return out;
}

export async function updatePostmortemVersioned(db: Db, id: string, version: number, set: Partial<Omit<PostmortemRow, 'id' | 'version'>>): Promise<boolean> {
  const r = await db.updateTable('incident_postmortems').set({ ...set, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Newest first; keyset on (created_at, id); `states` narrows. */
export async function listPostmortemRows(db: Db, f: { states?: string[]; limit: number; after?: [string, string] }): Promise<PostmortemRow[]> {
  let q = db.selectFrom('incident_postmortems').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit);
  if (f.states?.length) q = q.where('state', 'in', f.states);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  return q.execute();
}

export async function insertFollowUp(db: Db, row: FollowUpRow): Promise<void> {
  await db.insertInto('incident_follow_ups').values(row).execute();
}

export async function followUpById(db: Db, id: string): Promise<FollowUpRow | undefined> {
  return db.selectFrom('incident_follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function followUpsOf(db: Db, postmortemIds: readonly string[]): Promise<FollowUpRow[]> {
  const out: FollowUpRow[] = [];
  for (let i = 0; i < postmortemIds.length; i += IN_CHUNK) {
    out.push(...(await db.selectFrom('incident_follow_ups').selectAll().where('postmortem_id', 'in', postmortemIds.slice(i, i + IN_CHUNK)).orderBy('created_at').orderBy('id').execute()));
  }
  return out;
}

export async function updateFollowUpVersioned(db: Db, id: string, version: number, set: Partial<Omit<FollowUpRow, 'id' | 'version'>>): Promise<boolean> {
  const r = await db.updateTable('incident_follow_ups').set({ ...set, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open follow-ups due before `day` (YYYY-MM-DD), with their postmortem's services: the overdue ones. */
export async function overdueFollowUps(db: Db, day: string, limit = 20_000): Promise<(FollowUpRow & { services: string; incident_id: string | null })[]> {
  return db
    .selectFrom('incident_follow_ups as f')
    .innerJoin('incident_postmortems as p', 'p.id', 'f.postmortem_id')
    .selectAll('f')
    .select(['p.services', 'p.incident_id'])
    .where('f.status', '=', 'open')
    .where('f.due_date', '<', day)
    .limit(limit)
    .execute();
}
