// The SQL of drills. Edits check the row's version (409 on a stale one).
import type { Db } from '../../platform/db/connect.ts';
import type { DrillRow } from '../tables.ts';

export async function insertDrill(db: Db, row: DrillRow): Promise<void> {
  await db.insertInto('incident_drills').values(row).execute();
}

export async function drillById(db: Db, id: string): Promise<DrillRow | undefined> {
  return db.selectFrom('incident_drills').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateDrillVersioned(db: Db, id: string, version: number, set: Partial<Omit<DrillRow, 'id' | 'version'>>): Promise<boolean> {
  const r = await db.updateTable('incident_drills').set({ ...set, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Scheduled drills whose time has come, oldest first. */
export async function dueDrills(db: Db, now: string, limit = 20): Promise<DrillRow[]> {
  return db.selectFrom('incident_drills').selectAll().where('state', '=', 'scheduled').where('scheduled_at', '<=', now).orderBy('scheduled_at').limit(limit).execute();
}

export async function listDrillRows(db: Db, limit: number): Promise<DrillRow[]> {
  return db.selectFrom('incident_drills').selectAll().orderBy('scheduled_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Finished drills with an outcome, newest first (for the `incidents` check's days since the last drill). */
export async function finishedDrills(db: Db, since: string, limit = 20_000): Promise<DrillRow[]> {
  return db.selectFrom('incident_drills').selectAll().where('state', '=', 'done').where('scheduled_at', '>=', since).orderBy('scheduled_at', 'desc').limit(limit).execute();
}
