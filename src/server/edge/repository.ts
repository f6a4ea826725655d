// The only SQL of the edge: verdicts with their evidence, active bans, traffic per minute.
import { sql } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { Action, Verdict } from './engine.ts';
import type { EdgeTrafficRow, EdgeVerdictRow } from './tables.ts';

/** Verdicts with their evidence, in one INSERT. */
export async function insertVerdicts(db: Db, edge: string, rows: readonly { id: string; verdict: Verdict }[]): Promise<void> {
  if (!rows.length) return;
  await db.insertInto('edge_verdicts').values(rows.map(({ id, verdict: v }) => ({
    id, edge, subject: v.key, scope: v.scope, verdict: v.verdict, action: v.action, ja4: v.ja4, http: v.http, h2: v.h2,
    first_seen_at: v.firstSeenAt, decided_at: v.decidedAt, expires_at: v.expiresAt,
    detail: JSON.stringify({ llr: v.llr, thresholds: v.thresholds, evidence: v.evidence, samples: v.samples, requests: v.requests, addresses: v.addresses, userAgents: v.userAgents }),
  }))).execute();
}

/** Newest first; `before` is the (decided_at, id) of the last row of the previous page. */
export async function verdictRows(db: Db, o: { verdict?: string; subject?: string; before?: { decidedAt: string; id: string }; limit: number }): Promise<EdgeVerdictRow[]> {
  let q = db.selectFrom('edge_verdicts').selectAll();
  if (o.verdict) q = q.where('verdict', '=', o.verdict);
  if (o.subject) q = q.where('subject', '=', o.subject);
  const before = o.before;
  if (before) q = q.where((eb) => eb.or([eb('decided_at', '<', before.decidedAt), eb.and([eb('decided_at', '=', before.decidedAt), eb('id', '<', before.id)])]));
  return q.orderBy('decided_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
}

export async function verdictRow(db: Db, id: string): Promise<EdgeVerdictRow | undefined> {
  return db.selectFrom('edge_verdicts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Bot verdicts whose ban has not ended, newest first (one per subject is what counts). */
export async function activeBanRows(db: Db, now: string, limit = 5000): Promise<EdgeVerdictRow[]> {
  return db.selectFrom('edge_verdicts').selectAll().where('verdict', '=', 'bot').where('expires_at', '>', now).orderBy('decided_at', 'desc').limit(limit).execute();
}

export async function fingerprintTotals(db: Db, since: string, limit: number): Promise<{ ja4: string | null; http: string; h2: string | null; verdicts: number; bot: number }[]> {
  const rows = await db.selectFrom('edge_verdicts')
    .select(['ja4', 'http', 'h2'])
    .select((eb) => [eb.fn.countAll<number>().as('verdicts'), eb.fn.sum<number>(sql`case when verdict = 'bot' then 1 else 0 end`).as('bot')])
    .where('decided_at', '>=', since)
    .groupBy(['ja4', 'http', 'h2'])
    .orderBy('bot', 'desc').orderBy('verdicts', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ja4: r.ja4, http: r.http, h2: r.h2, verdicts: Number(r.verdicts), bot: Number(r.bot) }));
}

export async function addTraffic(db: Db, edge: string, minute: string, counts: Partial<Record<Action, number>>): Promise<void> {
  const rows = Object.entries(counts).filter(([, n]) => n && n > 0).map(([action, n]) => ({ edge, minute, action, requests: n! }));
  if (!rows.length) return;
  await db.insertInto('edge_traffic').values(rows)
    .onConflict((oc) => oc.columns(['edge', 'minute', 'action']).doUpdateSet({ requests: sql`edge_traffic.requests + excluded.requests` }))
    .execute();
}

export async function trafficRows(db: Db, since: string): Promise<EdgeTrafficRow[]> {
  return db.selectFrom('edge_traffic').selectAll().where('minute', '>=', since).orderBy('minute').execute();
}
