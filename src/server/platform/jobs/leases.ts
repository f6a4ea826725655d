// Claims scheduled work through the database, so any number of serve/worker processes can run
// and each due job runs once: an UPDATE that only succeeds while the lease is free and the job due.
import type { Db } from '../db/connect.ts';

export async function claimJob(db: Db, job: { name: string; everyMs: number; leaseMs: number }, holder: string, now: Date): Promise<boolean> {
  const nowIso = now.toISOString();
  await db.insertInto('job_leases').values({ name: job.name, holder: '', expires_at: nowIso, last_run_at: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const dueBefore = new Date(now.getTime() - job.everyMs).toISOString();
  const result = await db
    .updateTable('job_leases')
    .set({ holder, expires_at: new Date(now.getTime() + job.leaseMs).toISOString() })
    .where('name', '=', job.name)
    .where('expires_at', '<=', nowIso)
    .where((eb) => eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<=', dueBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseJob(db: Db, name: string, holder: string, finishedAt: Date): Promise<void> {
  const at = finishedAt.toISOString();
  await db.updateTable('job_leases').set({ last_run_at: at, expires_at: at }).where('name', '=', name).where('holder', '=', holder).execute();
}

/** Makes a job due now (e.g. after a catalog change), without waiting for its interval. */
export async function makeJobDue(db: Db, name: string): Promise<void> {
  await db.updateTable('job_leases').set({ last_run_at: null }).where('name', '=', name).execute();
}
