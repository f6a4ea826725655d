// Claims scheduled work through the database, so any number of serve/worker processes can run
// and each due job runs once: an UPDATE that only succeeds while the lease is free and the job
// due. Leases are short and renewed by a heartbeat while the work runs, so when a holder dies
// (kill -9, a lost machine) another process takes its job within one lease — never while the
// holder is alive, because a live holder keeps renewing.
import type { Db } from '../db/connect.ts';

/** How long a claim holds without a heartbeat; the heartbeat renews it every third of that. */
export const DEFAULT_LEASE_MS = 30_000;

export interface LeaseSpec {
  name: string;
  /** The job is due when its last run finished at least this long ago. */
  everyMs: number;
  leaseMs?: number;
}

export async function claimJob(db: Db, job: LeaseSpec, holder: string, now: Date): Promise<boolean> {
  const nowIso = now.toISOString();
  await db.insertInto('job_leases').values({ name: job.name, holder: '', expires_at: nowIso, last_run_at: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const dueBefore = new Date(now.getTime() - job.everyMs).toISOString();
  const result = await db
    .updateTable('job_leases')
    .set({ holder, expires_at: new Date(now.getTime() + (job.leaseMs ?? DEFAULT_LEASE_MS)).toISOString() })
    .where('name', '=', job.name)
    .where('expires_at', '<=', nowIso)
    .where((eb) => eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<=', dueBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends a held lease; false when it is no longer ours (it expired and another process took it). */
export async function renewLease(db: Db, name: string, holder: string, until: Date): Promise<boolean> {
  const r = await db.updateTable('job_leases').set({ expires_at: until.toISOString() }).where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseJob(db: Db, name: string, holder: string, finishedAt: Date): Promise<void> {
  const at = finishedAt.toISOString();
  await db.updateTable('job_leases').set({ last_run_at: at, expires_at: at }).where('name', '=', name).where('holder', '=', holder).execute();
}

/** When each job whose name starts with `prefix` last finished (null: never, or made due). */
export async function lastRuns(db: Db, prefix: string): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('job_leases').select(['name', 'last_run_at']).where('name', 'like', `${prefix.replace(/[%_\\]/g, '')}%`).execute();
  return new Map(rows.map((r) => [r.name, r.last_run_at]));
}

/** Makes a job due now (e.g. after a catalog change), without waiting for its interval. */
export async function makeJobDue(db: Db, name: string): Promise<void> {
  await db.updateTable('job_leases').set({ last_run_at: null }).where('name', '=', name).execute();
}

export interface LeaseDeps {
  db: Db;
  clock: () => Date;
  log: { warn(o: object, m: string): void };
}

/**
 * Claims `job`, runs `work` while a heartbeat renews the lease, and releases it. Returns
 * `claimed: false` without running when another process holds it or it is not due.
 */
export async function withLease<T>(deps: LeaseDeps, job: LeaseSpec, holder: string, work: () => Promise<T>): Promise<{ claimed: false } | { claimed: true; value: T; claimedAt: Date; releasedAt: Date }> {
  const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
  const claimedAt = deps.clock();
  if (!(await claimJob(deps.db, job, holder, claimedAt))) return { claimed: false };
  const beat = setInterval(() => {
    renewLease(deps.db, job.name, holder, new Date(deps.clock().getTime() + leaseMs)).then(
      (ok) => ok || deps.log.warn({ job: job.name }, 'lease lost while the job ran (the database was unreachable for a whole lease)'),
      (err) => deps.log.warn({ job: job.name, err: (err as Error).message }, 'lease heartbeat failed'),
    );
  }, Math.max(50, Math.floor(leaseMs / 3)));
  beat.unref();
  let value: T;
  let releasedAt: Date;
  try {
    value = await work();
  } finally {
    clearInterval(beat);
    releasedAt = deps.clock();
    await releaseJob(deps.db, job.name, holder, releasedAt);
  }
  // The instants written to job_leases: the claim, and the release (its last_run_at).
  return { claimed: true, value, claimedAt, releasedAt };
}
