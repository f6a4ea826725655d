// The audit log: who did what to which target, and when. Append-only.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry, at: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: randomUUID(), at: at.toISOString(), actor: entry.actor, action: entry.action, target: entry.target, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export async function listAudit(db: Db, filter: { target?: string; action?: string; limit?: number }) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').limit(Math.min(filter.limit ?? 100, 1000));
  if (filter.target) q = q.where('target', '=', filter.target);
  if (filter.action) q = q.where('action', '=', filter.action);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
