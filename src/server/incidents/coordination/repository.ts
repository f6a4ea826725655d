// The SQL of hypotheses and workstreams. Edits check the row's version (409 on a stale one).
import type { Db } from '../../platform/db/connect.ts';
import type { HypothesisRow, WorkstreamRow } from '../tables.ts';

export async function insertHypothesis(db: Db, row: HypothesisRow): Promise<void> {
  await db.insertInto('incident_hypotheses').values(row).execute();
}

export async function hypothesesOf(db: Db, incidentId: string): Promise<HypothesisRow[]> {
  return db.selectFrom('incident_hypotheses').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').execute();
}

export async function updateHypothesisVersioned(db: Db, id: string, incidentId: string, version: number, set: Partial<HypothesisRow>): Promise<boolean> {
  const r = await db.updateTable('incident_hypotheses').set({ ...set, version: version + 1 }).where('id', '=', id).where('incident_id', '=', incidentId).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertWorkstream(db: Db, row: WorkstreamRow): Promise<void> {
  await db.insertInto('incident_workstreams').values(row).execute();
}

export async function workstreamsOf(db: Db, incidentId: string): Promise<WorkstreamRow[]> {
  return db.selectFrom('incident_workstreams').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').execute();
}

export async function updateWorkstreamVersioned(db: Db, id: string, incidentId: string, version: number, set: Partial<WorkstreamRow>): Promise<boolean> {
  const r = await db.updateTable('incident_workstreams').set({ ...set, version: version + 1 }).where('id', '=', id).where('incident_id', '=', incidentId).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
