// The SQL of the incident record: incidents and their services, roles, subscribers and timeline.
// Writes that overwrite the record check its version (optimistic concurrency): the caller gets
// false when someone else wrote first, and answers 409.
import type { Db } from '../../platform/db/connect.ts';
import type { IncidentRoleRow, IncidentRow, TimelineRow } from '../tables.ts';

const IN_CHUNK = 500;

/** The next incident number; concurrent callers wait on the counter row. */
export async function nextIncidentNumber(db: Db): Promise<number> {
  const row = await db.updateTable('incident_counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', 'incident').returning('value').executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertIncident(db: Db, row: IncidentRow): Promise<void> {
  await db.insertInto('incidents').values(row).execute();
  await replaceServices(db, row.id, JSON.parse(row.services) as string[], row.declared_at);
}

export async function replaceServices(db: Db, incidentId: string, refs: readonly string[], declaredAt: string): Promise<void> {
  await db.deleteFrom('incident_services').where('incident_id', '=', incidentId).execute();
  const rows = [...new Set(refs)].map((entity) => ({ incident_id: incidentId, entity, declared_at: declaredAt }));
  if (rows.length) await db.insertInto('incident_services').values(rows).execute();
}

/** By id, or by number (`42`, `INC-42`). */
export async function findIncidentRow(db: Db, key: { id?: string; number?: number }): Promise<IncidentRow | undefined> {
  let q = db.selectFrom('incidents').selectAll();
  if (key.id !== undefined) q = q.where('id', '=', key.id);
  else if (key.number !== undefined) q = q.where('number', '=', key.number);
  else return undefined;
  return q.executeTakeFirst();
}

export async function countIncidents(db: Db): Promise<number> {
  const row = await db.selectFrom('incidents').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function incidentRowsByIds(db: Db, ids: readonly string[]): Promise<IncidentRow[]> {
  const out: IncidentRow[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await db.selectFrom('incidents').selectAll().where('id', 'in', ids.slice(i, i + IN_CHUNK)).execute()));
  return out;
}

/** Writes `set` and bumps the version when it is still `version`; false when someone wrote first. */
export async function updateIncidentVersioned(db: Db, id: string, version: number, set: Partial<Omit<IncidentRow, 'id' | 'version'>>): Promise<boolean> {
  const r = await db.updateTable('incidents').set({ ...set, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Writes fields that overwrite nothing a person typed (reminder times), without a version check. */
export async function touchIncident(db: Db, id: string, set: Pick<Partial<IncidentRow>, 'reminded_at' | 'last_update_at' | 'updated_at'>): Promise<void> {
  await db.updateTable('incidents').set(set).where('id', '=', id).execute();
}

export interface IncidentFilter {
  phases?: number[];
  severity?: string;
  entities?: string[];
  drills: 'include' | 'exclude' | 'only';
}

/** Active first, then newest declared first; keyset on (phase, declared_at, id). */
export async function listIncidentRows(db: Db, f: IncidentFilter, page: { limit: number; after?: [number, string, string] }): Promise<IncidentRow[]> {
  let q = db.selectFrom('incidents').selectAll().orderBy('phase').orderBy('declared_at', 'desc').orderBy('id', 'desc').limit(page.limit);
  if (f.phases) q = q.where('phase', 'in', f.phases);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.drills === 'exclude') q = q.where('drill_id', 'is', null);
  if (f.drills === 'only') q = q.where('drill_id', 'is not', null);
  if (f.entities) q = q.where('id', 'in', (eb) => eb.selectFrom('incident_services').select('incident_id').where('entity', 'in', f.entities!.length ? f.entities! : ['']));
  if (page.after) {
    const [phase, at, id] = page.after;
    q = q.where((eb) => eb.or([eb('phase', '>', phase), eb.and([eb('phase', '=', phase), eb.or([eb('declared_at', '<', at), eb.and([eb('declared_at', '=', at), eb('id', '<', id)])])])]));
  }
  return q.execute();
}

/** The most recent active incident declared in a chat channel (slash commands without INC-n). */
export async function activeIncidentInChannel(db: Db, channel: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('chat_channel', '=', channel).where('phase', '=', 0).orderBy('declared_at', 'desc').limit(1).executeTakeFirst();
}

export async function activeIncidentRows(db: Db, limit = 1000): Promise<IncidentRow[]> {
  return db.selectFrom('incidents').selectAll().where('phase', '=', 0).orderBy('declared_at', 'desc').limit(limit).execute();
}

// ── roles ──────────────────────────────────────────────────────────────────
export async function activeRoles(db: Db, incidentId: string): Promise<IncidentRoleRow[]> {
  return db.selectFrom('incident_roles').selectAll().where('incident_id', '=', incidentId).where('ended_at', 'is', null).orderBy('assigned_at').execute();
}

export async function insertRole(db: Db, row: IncidentRoleRow): Promise<void> {
  await db.insertInto('incident_roles').values(row).execute();
}

export async function endRole(db: Db, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('incident_roles').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── subscribers ────────────────────────────────────────────────────────────
export async function addSubscriberRow(db: Db, row: { incident_id: string; address: string; added_by: string; added_at: string }): Promise<boolean> {
  const r = await db.insertInto('incident_subscribers').values(row).onConflict((oc) => oc.columns(['incident_id', 'address']).doNothing()).returning('address').execute();
  return r.length === 1;
}

export async function subscribersOf(db: Db, incidentId: string): Promise<string[]> {
  return (await db.selectFrom('incident_subscribers').select('address').where('incident_id', '=', incidentId).orderBy('added_at').execute()).map((r) => r.address);
}

// ── timeline ───────────────────────────────────────────────────────────────
export async function insertTimeline(db: Db, rows: readonly TimelineRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('incident_timeline').values(rows.slice(i, i + 200)).execute();
}

/** Oldest first (the order it happened); keyset on (happened_at, id). */
export async function timelineRows(db: Db, incidentId: string, page: { limit: number; after?: [string, string] }): Promise<TimelineRow[]> {
  let q = db.selectFrom('incident_timeline').selectAll().where('incident_id', '=', incidentId).orderBy('happened_at').orderBy('id').limit(page.limit);
  if (page.after) {
    const [at, id] = page.after;
    q = q.where((eb) => eb.or([eb('happened_at', '>', at), eb.and([eb('happened_at', '=', at), eb('id', '>', id)])]));
  }
  return q.execute();
}

export async function countTimeline(db: Db, incidentId: string): Promise<number> {
  const row = await db.selectFrom('incident_timeline').select(db.fn.countAll<number>().as('n')).where('incident_id', '=', incidentId).executeTakeFirstOrThrow();
  return Number(row.n);
}
