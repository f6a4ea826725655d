// The only SQL of notifications: the outbox (enqueue once, claim due rows, record attempts).
import type { Db } from '../platform/db/connect.ts';
import type { NotificationRow } from './tables.ts';

/** Inserts rows whose idempotency key is new; returns how many were new. */
export async function enqueueRows(db: Db, rows: NotificationRow[]): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const res = await db.insertInto('notifications').values(row).onConflict((oc) => oc.column('idempotency_key').doNothing()).executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
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

export async function recordAttempt(db: Db, id: string, token: string, set: Partial<NotificationRow>): Promise<void> {
  await db.updateTable('notifications').set({ ...set, claimed_by: null, claimed_until: null }).where('id', '=', id).where('claimed_by', '=', token).execute();
}

export async function listDeliveries(db: Db, f: { status?: string; limit: number }): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit);
  if (f.status) q = q.where('status', '=', f.status);
  return q.execute();
}

/** Owner and the owner Group's annotations of each entity: where its team wants notifications. */
export async function ownerAnnotations(db: Db, refs: string[]): Promise<Map<string, { owner: string | null; annotations: Record<string, string> }>> {
  const out = new Map<string, { owner: string | null; annotations: Record<string, string> }>();
  if (refs.length === 0) return out;
  const entities = await db.selectFrom('entities').select(['ref', 'owner']).where('ref', 'in', refs).execute();
  const owners = [...new Set(entities.map((e) => e.owner).filter((o): o is string => o !== null))];
  const groups = owners.length ? await db.selectFrom('entities').select(['ref', 'body']).where('ref', 'in', owners).execute() : [];
  const ann = new Map(groups.map((g) => [g.ref, ((JSON.parse(g.body) as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {})]));
  for (const e of entities) out.set(e.ref, { owner: e.owner, annotations: (e.owner && ann.get(e.owner)) || {} });
  return out;
}

export async function expiringWaivers(db: Db, now: string, until: string) {
  return db.selectFrom('waivers').selectAll().where('status', '=', 'approved').where('expires_at', '>', now).where('expires_at', '<=', until).execute();
}
