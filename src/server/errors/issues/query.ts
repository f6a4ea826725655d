// Reading issues: lists per entity with a 24-hour sparkline, one issue with its releases, frames
// and latest event, the exact per-minute counts, events (by trace id too), and status changes.
import type { IssueDetail, IssueStatus, IssueSummary, ErrorEvent } from '../../../common/api/errors.ts';
import type { Db } from '../../platform/db/connect.ts';
import { ConflictError, NotFoundError } from '../../platform/problems.ts';
import type { ErrorEventRow, ErrorIssueRow } from '../tables.ts';

const HOUR = 3_600_000;

/** Events per hour for each issue over the 24 hours before `now`, oldest first. */
async function sparklines(db: Db, ids: readonly string[], now: Date): Promise<Map<string, number[]>> {
  const out = new Map(ids.map((id) => [id, new Array<number>(24).fill(0)]));
  if (ids.length === 0) return out;
  const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const start = end - 24 * HOUR;
  const rows = await db
    .selectFrom('error_minutes')
    .select(['issue_id', 'minute', 'count'])
    .where('issue_id', 'in', [...ids])
    .where('minute', '>=', new Date(start).toISOString().slice(0, 16))
    .where('minute', '<', new Date(end).toISOString().slice(0, 16))
    .execute();
  for (const r of rows) {
    const i = Math.floor((Date.parse(`${r.minute}:00Z`) - start) / HOUR);
    const line = out.get(r.issue_id);
    if (line && i >= 0 && i < 24) line[i]! += Number(r.count);
  }
  return out;
}

function summary(r: ErrorIssueRow, sparkline: number[]): IssueSummary {
  return {
    id: r.id, entity: r.entity, projectId: Number(r.project_id), title: r.title, culprit: r.culprit, type: r.type, level: r.level, platform: r.platform,
    status: r.status as IssueStatus, resolvedInRelease: r.resolved_in_release, resolvedAt: r.resolved_at, firstSeen: r.first_seen, lastSeen: r.last_seen,
    firstRelease: r.first_release, lastRelease: r.last_release, events: Number(r.event_count), users: Number(r.user_count), regressedAt: r.regressed_at, regressions: Number(r.regressions), sparkline,
  };
}

export interface IssueFilter {
  entity?: string;
  status?: IssueStatus[];
  /** Only issues first seen at or after this instant. */
  firstSeenFrom?: string;
  firstSeenTo?: string;
  limit: number;
}

export async function listIssues(db: Db, f: IssueFilter, now: Date): Promise<IssueSummary[]> {
  let q = db.selectFrom('error_issues').selectAll().orderBy('last_seen', 'desc').orderBy('id').limit(f.limit);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.firstSeenFrom) q = q.where('first_seen', '>=', f.firstSeenFrom);
  if (f.firstSeenTo) q = q.where('first_seen', '<', f.firstSeenTo);
  const rows = await q.execute();
  const lines = await sparklines(db, rows.map((r) => r.id), now);
  return rows.map((r) => summary(r, lines.get(r.id)!));
}

function eventView(r: ErrorEventRow): ErrorEvent {
  return { eventId: r.event_id, receivedAt: r.received_at, occurredAt: r.occurred_at, release: r.release, environment: r.environment, traceId: r.trace_id, level: r.level, payload: JSON.parse(r.payload) as Record<string, unknown> };
}

async function issueRow(db: Db, id: string): Promise<ErrorIssueRow> {
  const row = await db.selectFrom('error_issues').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no error issue "${id}"`);
  return row;
}

export async function getIssue(db: Db, id: string, now: Date): Promise<IssueDetail> {
  const row = await issueRow(db, id);
  const [lines, hashes, releases, latest] = await Promise.all([
    sparklines(db, [id], now),
    db.selectFrom('error_hashes').select('hash').where('issue_id', '=', id).orderBy('hash').execute(),
    db.selectFrom('error_releases').selectAll().where('issue_id', '=', id).orderBy('first_seen').limit(200).execute(),
    db.selectFrom('error_events').selectAll().where('issue_id', '=', id).orderBy('received_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  return {
    ...summary(row, lines.get(id)!),
    hashes: [row.primary_hash, ...hashes.map((h) => h.hash).filter((h) => h !== row.primary_hash)],
    releases: releases.map((r) => ({ release: r.release || null, count: Number(r.count), firstSeen: r.first_seen, lastSeen: r.last_seen })),
    frames: JSON.parse(row.frames) as IssueDetail['frames'],
    latestEvent: latest ? eventView(latest) : null,
  };
}

export async function issueEvents(db: Db, id: string, opts: { traceId?: string; limit: number }): Promise<ErrorEvent[]> {
  await issueRow(db, id);
  let q = db.selectFrom('error_events').selectAll().where('issue_id', '=', id).orderBy('received_at', 'desc').limit(opts.limit);
  if (opts.traceId) q = q.where('trace_id', '=', opts.traceId.toLowerCase().replace(/-/g, ''));
  return (await q.execute()).map(eventView);
}

/** Events anywhere with this trace id (the error page's trace id finds them). */
export async function eventsByTrace(db: Db, traceId: string, limit: number): Promise<Array<ErrorEvent & { issueId: string }>> {
  const rows = await db.selectFrom('error_events').selectAll().where('trace_id', '=', traceId.toLowerCase().replace(/-/g, '')).orderBy('received_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...eventView(r), issueId: r.issue_id }));
}

export async function minuteCounts(db: Db, id: string, from: Date, to: Date): Promise<Array<{ minute: string; count: number }>> {
  await issueRow(db, id);
  const rows = await db
    .selectFrom('error_minutes')
    .select(['minute', 'count'])
    .where('issue_id', '=', id)
    .where('minute', '>=', from.toISOString().slice(0, 16))
    .where('minute', '<', to.toISOString().slice(0, 16))
    .orderBy('minute')
    .execute();
  return rows.map((r) => ({ minute: r.minute, count: Number(r.count) }));
}

/** Changes an issue's status; `version` guards against a concurrent change (409). */
export async function setIssueStatus(db: Db, id: string, status: IssueStatus, now: Date, opts: { release?: string; version?: number } = {}): Promise<void> {
  const row = await issueRow(db, id);
  if (opts.version !== undefined && opts.version !== row.version) throw new ConflictError(`issue ${id} changed meanwhile (version ${row.version}); reload and retry`);
  const resolved = status === 'resolved' || status === 'resolved-next-release';
  const r = await db
    .updateTable('error_issues')
    .set({
      status,
      resolved_at: resolved ? now.toISOString() : null,
      resolved_in_release: status === 'resolved-next-release' ? (opts.release ?? row.last_release) : null,
      version: row.version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new ConflictError(`issue ${id} changed meanwhile; reload and retry`);
}
