// Errors against the change database (read through the changes module's index.ts): what is new
// since a change — issues of its services first seen after it, against the ones known before, each
// with its events in the window after the change and in the same window a day earlier ("this hour
// against yesterday") — and the suspect changes before an issue first appeared.
import type { SinceChange } from '../../../common/api/errors.ts';
import { findSuspects, getChange } from '../../changes/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { getIssue } from './query.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const minute = (t: number) => new Date(t).toISOString().slice(0, 16);

async function eventsBetween(db: Db, ids: readonly string[], from: number, to: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('error_minutes')
    .select('issue_id')
    .select((eb) => eb.fn.sum<number>('count').as('n'))
    .where('issue_id', 'in', [...ids])
    .where('minute', '>=', minute(from))
    .where('minute', '<', minute(to))
    .groupBy('issue_id')
    .execute();
  for (const r of rows) out.set(r.issue_id, Number(r.n));
  return out;
}

export async function issuesSinceChange(db: Db, changeId: string, windowMs: number): Promise<SinceChange> {
  const change = await getChange(db, changeId);
  const at = Date.parse(change.finishedAt ?? change.startedAt);
  const end = at + windowMs;
  const entities = change.entities;
  const rows = entities.length === 0 ? [] : await db
    .selectFrom('error_issues')
    .select(['id', 'entity', 'title', 'status', 'first_seen', 'last_seen'])
    .where('entity', 'in', entities)
    .where('last_seen', '>=', new Date(at).toISOString())
    .orderBy('first_seen', 'desc')
    .limit(500)
    .execute();
  const ids = rows.map((r) => r.id);
  const [after, dayBefore] = await Promise.all([eventsBetween(db, ids, at, end), eventsBetween(db, ids, at - DAY, end - DAY)]);
  const view = (r: (typeof rows)[number]) => ({ id: r.id, entity: r.entity, title: r.title, status: r.status as SinceChange['newIssues'][number]['status'], firstSeen: r.first_seen, lastSeen: r.last_seen, eventsAfter: after.get(r.id) ?? 0, eventsDayBefore: dayBefore.get(r.id) ?? 0 });
  const atIso = new Date(at).toISOString();
  const endIso = new Date(end).toISOString();
  return {
    change: { id: change.id, summary: change.summary, kind: change.kind, entities, at: atIso },
    windowMinutes: Math.round(windowMs / 60_000),
    newIssues: rows.filter((r) => r.first_seen >= atIso && r.first_seen < endIso).map(view),
    knownIssues: rows.filter((r) => r.first_seen < atIso).map(view).filter((i) => i.eventsAfter > 0),
  };
}

/** The changes that probably caused an issue: before its first appearance, on its service and what it depends on. */
export async function issueSuspects(db: Db, config: Config, issueId: string, windowMs: number, now: Date) {
  const issue = await getIssue(db, issueId, now);
  return findSuspects(db, config.graph.rules, { entity: issue.entity, at: new Date(issue.firstSeen), windowMs, limit: 10 });
}
