// Storing a batch of prepared events in one transaction: each event joins the issue that any of
// its hashes already leads to (and brings its other hashes along), or opens a new one. Counts are
// exact: per issue, per minute, per release; users are kept per issue to count them. A resolved
// issue seen again reopens as a regression (returned, so the owners can be told in the same
// transaction). An event id already stored is not counted twice.
import { randomUUID } from 'node:crypto';
import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { insertRows } from '../../platform/db/bulk.ts';
import type { ErrorIssueRow } from '../tables.ts';
import type { PreparedEvent } from './prepare.ts';

export interface Regression {
  issueId: string;
  entity: string;
  title: string;
  release: string | null;
  at: string;
}

export interface StoreOutcome {
  stored: number;
  duplicates: number;
  newIssues: string[];
  regressions: Regression[];
}

const CHUNK = 400;
const minuteOf = (iso: string) => iso.slice(0, 16);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

async function inChunks<T, R>(items: readonly T[], f: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await f(items.slice(i, i + CHUNK))));
  return out;
}

interface IssueDelta {
  count: number;
  firstSeen: string;
  lastSeen: string;
  lastRelease: string | null;
  lastReleaseAt: string;
}

/** Stores the events (call inside a transaction). */
export async function storeEvents(tx: Db, input: readonly PreparedEvent[], entityOf: (projectId: number) => string): Promise<StoreOutcome> {
  // 1. Each event once: within the batch, and against what is stored.
  const seen = new Set<string>();
  let events = input.filter((e) => {
    const k = `${e.projectId}|${e.eventId}`;
    return !seen.has(k) && !!seen.add(k);
  });
  const byProject = (list: readonly PreparedEvent[]) => {
    const m = new Map<number, PreparedEvent[]>();
    for (const e of list) m.set(e.projectId, [...(m.get(e.projectId) ?? []), e]);
    return m;
  };
  const storedKeys = new Set<string>();
  for (const [pid, list] of byProject(events)) {
    const rows = await inChunks([...new Set(list.map((e) => e.eventId))], (ids) => tx.selectFrom('error_events').select('event_id').where('project_id', '=', pid).where('event_id', 'in', ids).execute());
    for (const r of rows) storedKeys.add(`${pid}|${r.event_id}`);
  }
  events = events.filter((e) => !storedKeys.has(`${e.projectId}|${e.eventId}`));
  const duplicates = input.length - events.length;
  if (events.length === 0) return { stored: 0, duplicates, newIssues: [], regressions: [] };

  // 2. Which issue each event joins.
  const issueOfHash = new Map<string, string>();
  for (const [pid, list] of byProject(events)) {
    const known = await inChunks([...new Set(list.flatMap((e) => e.hashes))], (hs) => tx.selectFrom('error_hashes').select(['hash', 'issue_id']).where('project_id', '=', pid).where('hash', 'in', hs).execute());
    for (const r of known) issueOfHash.set(`${pid}|${r.hash}`, r.issue_id);
  }
  const newHashes: Array<[number, string, string]> = [];
  const newIssues = new Map<string, PreparedEvent>();
  const issueOfEvent: string[] = [];
  for (const e of events) {
    let issueId: string | undefined;
    for (const h of e.hashes) {
      issueId = issueOfHash.get(`${e.projectId}|${h}`);
      if (issueId) break;
    }
    if (!issueId) {
      issueId = randomUUID();
      newIssues.set(issueId, e);
    }
    for (const h of e.hashes) {
      const k = `${e.projectId}|${h}`;
      if (!issueOfHash.has(k)) {
        issueOfHash.set(k, issueId);
        newHashes.push([e.projectId, h, issueId]);
      }
    }
    issueOfEvent.push(issueId);
  }

  // 3. What changes per issue, and which resolved issues come back.
  const deltas = new Map<string, IssueDelta>();
  events.forEach((e, i) => {
    const id = issueOfEvent[i]!;
    const d = deltas.get(id);
    if (!d) deltas.set(id, { count: 1, firstSeen: e.occurredAt, lastSeen: e.occurredAt, lastRelease: e.release, lastReleaseAt: e.occurredAt });
    else {
      d.count++;
      d.firstSeen = earlier(d.firstSeen, e.occurredAt);
      d.lastSeen = later(d.lastSeen, e.occurredAt);
      if (e.release && e.occurredAt >= d.lastReleaseAt) {
        d.lastRelease = e.release;
        d.lastReleaseAt = e.occurredAt;
      }
    }
  });
  const existingIds = [...deltas.keys()].filter((id) => !newIssues.has(id));
  const existing = await inChunks(existingIds, (ids) => tx.selectFrom('error_issues').select(['id', 'entity', 'title', 'status', 'resolved_in_release', 'resolved_at']).where('id', 'in', ids).execute());
  const regressions: Regression[] = [];
  for (const row of existing) {
    if (row.status !== 'resolved' && row.status !== 'resolved-next-release') continue;
    const back = events.find((e, i) => issueOfEvent[i] === row.id && e.occurredAt >= (row.resolved_at ?? '') && (row.status === 'resolved' || (e.release !== null && e.release !== row.resolved_in_release)));
    if (back) regressions.push({ issueId: row.id, entity: row.entity, title: row.title, release: back.release, at: back.occurredAt });
  }

  // 4. Writes: a fixed number of statements per batch, whatever the number of issues it touches.
  const newUsers = await addUsers(tx, events, issueOfEvent);
  const issueRows: ErrorIssueRow[] = [...newIssues.entries()].map(([id, e]) => {
    const d = deltas.get(id)!;
    return {
      id, project_id: e.projectId, entity: entityOf(e.projectId), primary_hash: e.hashes[0] ?? '', title: e.title, culprit: e.culprit, type: e.type, level: e.level, platform: e.platform,
      status: 'unresolved', resolved_in_release: null, resolved_at: null, first_seen: d.firstSeen, last_seen: d.lastSeen, first_release: e.release, last_release: d.lastRelease,
      event_count: d.count, user_count: newUsers.get(id) ?? 0, regressed_at: null, regressions: 0, frames: JSON.stringify(e.frames), version: 1,
    };
  });
  for (let i = 0; i < issueRows.length; i += 100) await tx.insertInto('error_issues').values(issueRows.slice(i, i + 100)).execute();
  await insertRows(tx, 'error_hashes', ['project_id', 'hash', 'issue_id'], newHashes, { types: { project_id: 'integer' }, onConflict: 'on conflict (project_id, hash) do nothing' });
  await insertRows(
    tx,
    'error_events',
    ['project_id', 'event_id', 'issue_id', 'received_at', 'occurred_at', 'release', 'environment', 'user_key', 'trace_id', 'level', 'payload'],
    events.map((e, i) => [e.projectId, e.eventId, issueOfEvent[i], e.receivedAt, e.occurredAt, e.release, e.environment, e.userKey, e.traceId, e.level, e.payload]),
    { types: { project_id: 'integer' }, chunk: 200 },
  );
  await updateIssues(tx, existingIds.map((id) => [id, deltas.get(id)!, newUsers.get(id) ?? 0]));
  for (const r of regressions) {
    await tx
      .updateTable('error_issues')
      .set({ status: 'unresolved', resolved_in_release: null, resolved_at: null, regressed_at: r.at, regressions: sql`regressions + 1`, version: sql`version + 1` })
      .where('id', '=', r.issueId)
      .execute();
  }
  await addCounts(tx, events, issueOfEvent);
  return { stored: events.length, duplicates, newIssues: [...newIssues.keys()], regressions };
}

/** Adds each event's user to its issue; returns, per issue, how many users were new to it. */
async function addUsers(tx: Db, events: readonly PreparedEvent[], issueOfEvent: readonly string[]): Promise<Map<string, number>> {
  const users = new Set<string>();
  events.forEach((e, i) => {
    if (e.userKey) users.add(`${issueOfEvent[i]}\n${e.userKey}`);
  });
  const newUsers = new Map<string, number>();
  if (users.size === 0) return newUsers;
  const rows = [...users].map((k) => k.split('\n'));
  for (let i = 0; i < rows.length; i += 500) {
    const added = await tx.executeQuery<{ issue_id: string }>(
      CompiledQuery.raw(`insert into error_users (issue_id, user_key) select j.value ->> 0, j.value ->> 1 from ${jsonRows(tx)} where true on conflict (issue_id, user_key) do nothing returning issue_id`, [JSON.stringify(rows.slice(i, i + 500))]),
    );
    for (const r of added.rows) newUsers.set(r.issue_id, (newUsers.get(r.issue_id) ?? 0) + 1);
  }
  return newUsers;
}

/** `json_each(?)` or `json_array_elements($1)`, aliased `j`: rows that travel as one JSON parameter. */
const jsonRows = (tx: Db): string => (tx.getExecutor().adapter instanceof PostgresAdapter ? 'json_array_elements(cast($1 as json)) as j' : 'json_each(?) as j');

/** One UPDATE for every issue the batch touched: counts, users, first/last seen, last release. */
async function updateIssues(tx: Db, rows: ReadonlyArray<readonly [string, IssueDelta, number]>): Promise<void> {
  const text =
    'update error_issues set event_count = error_issues.event_count + d.n, user_count = error_issues.user_count + d.users, ' +
    'first_seen = case when d.first_seen < error_issues.first_seen then d.first_seen else error_issues.first_seen end, ' +
    'last_seen = case when d.last_seen > error_issues.last_seen then d.last_seen else error_issues.last_seen end, ' +
    'last_release = case when d.last_release is not null and error_issues.last_seen <= d.last_release_at then d.last_release else error_issues.last_release end ' +
    'from (select j.value ->> 0 as id, cast(j.value ->> 1 as integer) as n, cast(j.value ->> 2 as integer) as users, j.value ->> 3 as first_seen, ' +
    `j.value ->> 4 as last_seen, j.value ->> 5 as last_release, j.value ->> 6 as last_release_at from ${jsonRows(tx)}) as d where error_issues.id = d.id`;
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500).map(([id, d, users]) => [id, d.count, users, d.firstSeen, d.lastSeen, d.lastRelease, d.lastReleaseAt]);
    await tx.executeQuery(CompiledQuery.raw(text, [JSON.stringify(part)]));
  }
}

/** Exact counts per issue and minute, and per issue and release. */
async function addCounts(tx: Db, events: readonly PreparedEvent[], issueOfEvent: readonly string[]): Promise<void> {
  const minutes = new Map<string, number>();
  const releases = new Map<string, { count: number; first: string; last: string }>();
  events.forEach((e, i) => {
    const id = issueOfEvent[i]!;
    const mk = `${id}\n${minuteOf(e.occurredAt)}`;
    minutes.set(mk, (minutes.get(mk) ?? 0) + 1);
    const rk = `${id}\n${e.release ?? ''}`;
    const r = releases.get(rk);
    if (!r) releases.set(rk, { count: 1, first: e.occurredAt, last: e.occurredAt });
    else {
      r.count++;
      r.first = earlier(r.first, e.occurredAt);
      r.last = later(r.last, e.occurredAt);
    }
  });
  await insertRows(tx, 'error_minutes', ['issue_id', 'minute', 'count'], [...minutes].map(([k, n]) => [...k.split('\n'), n]), {
    types: { count: 'integer' },
    onConflict: 'on conflict (issue_id, minute) do update set count = error_minutes.count + excluded.count',
  });
  await insertRows(tx, 'error_releases', ['issue_id', 'release', 'count', 'first_seen', 'last_seen'], [...releases].map(([k, r]) => [...k.split('\n'), r.count, r.first, r.last]), {
    types: { count: 'integer' },
    onConflict:
      'on conflict (issue_id, release) do update set count = error_releases.count + excluded.count, ' +
      'first_seen = case when excluded.first_seen < error_releases.first_seen then excluded.first_seen else error_releases.first_seen end, ' +
      'last_seen = case when excluded.last_seen > error_releases.last_seen then excluded.last_seen else error_releases.last_seen end',
  });
}

/** Counts items taken in but not kept (by project, day, item type and reason). */
export async function countDiscards(tx: Db, rows: ReadonlyArray<{ projectId: number; day: string; category: string; reason: string; count: number }>): Promise<void> {
  if (rows.length === 0) return;
  const merged = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.projectId}\n${r.day}\n${r.category}\n${r.reason}`;
    merged.set(k, (merged.get(k) ?? 0) + r.count);
  }
  await insertRows(tx, 'error_discards', ['project_id', 'day', 'category', 'reason', 'count'], [...merged].map(([k, n]) => {
    const [p, day, category, reason] = k.split('\n');
    return [Number(p), day, category, reason, n];
  }), { types: { project_id: 'integer', count: 'integer' }, onConflict: 'on conflict (project_id, day, category, reason) do update set count = error_discards.count + excluded.count' });
}
