// The only SQL of notifications: the outbox (enqueue once, claim due rows, record attempts).
import type { Db } from '../platform/db/connect.ts';
import { olderThan } from '../platform/db/pages.ts';
import type { NotificationRow } from './tables.ts';

/** Inserts rows whose idempotency key is new, in chunks (a run may move 40,000 grades); returns how many were new. */
export async function enqueueRows(db: Db, rows: NotificationRow[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db.insertInto('notifications').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('idempotency_key').doNothing()).returning('id').execute();
    added += inserted.length;
  }
  return added;
}

/**
 * Claims up to `limit` due rows for `token` until `until`. Portable and safe with many workers:
 * the outer WHERE repeats the conditions, so a row another worker claimed first is skipped
 * (PostgreSQL re-checks them after waiting for the row lock; SQLite writes one at a time).
 */
export async function claimDue(db: Db, token: string, now: string, until: string, limit: number): Promise<NotificationRow[]> {
  await db
    .updateTable('notifications')
    .set({ claimed_by: token, claimed_until: until })
    .where('id', 'in', (eb) =>
      eb.selectFrom('notifications').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<=', now)]))
        .orderBy('next_attempt_at').limit(limit),
    )
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<=', now)]))
    .execute();
  return db.selectFrom('notifications').selectAll().where('claimed_by', '=', token).where('status', '=', 'pending').execute();
}

/** A sender's deliveries, oldest first. */
export async function rowsFromSource(db: Db, source: string, limit: number): Promise<NotificationRow[]> {
  return db.selectFrom('notifications').selectAll().where('source', '=', source).orderBy('created_at').orderBy('id').limit(limit).execute();
}

export async function recordAttempt(db: Db, id: string, token: string, set: Partial<NotificationRow>): Promise<void> {
  await db.updateTable('notifications').set({ ...set, claimed_by: null, claimed_until: null }).where('id', '=', id).where('claimed_by', '=', token).execute();
}

/** Deliveries newest first; `after` is the (created_at, id) of the last row of the previous page. */
export async function listDeliveries(db: Db, f: { status?: string; limit: number; after?: [string, string] }): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.after) q = q.where(olderThan('created_at', 'id', f.after));
  return q.execute();
}
