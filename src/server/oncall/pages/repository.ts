// The only SQL of pages, their events and timers, unrouted alerts and contact rules.
// Batches (a batch of alerts, a batch of timers) are written with one multi-row statement per
// table (platform/db/bulk.ts).
import type { Db } from '../../platform/db/connect.ts';
import { insertRows, updateRows } from '../../platform/db/bulk.ts';
import type { ContactRow, PageEventRow, PageRow, TimerRow, UnroutedRow } from '../tables.ts';

/** Reserves `n` page numbers; returns the first (the others follow it). */
export async function reservePageNumbers(db: Db, n: number): Promise<number> {
  const row = await db.updateTable('oncall_counters').set((eb) => ({ value: eb('value', '+', n) })).where('name', '=', 'pages').returning('value').executeTakeFirstOrThrow();
  return Number(row.value) - n + 1;
}

export async function insertPage(db: Db, row: PageRow): Promise<void> {
  await db.insertInto('oncall_pages').values(row).execute();
}

const PAGE_COLUMNS = ['id', 'number', 'dedup_key', 'origin', 'title', 'details', 'service', 'rotation', 'status', 'open', 'level', 'round', 'assignees', 'labels', 'previous_ref', 'triggered_at', 'acknowledged_at', 'acknowledged_by', 'resolved_at', 'resolved_by', 'escalations', 'off_hours', 'incident_key'] as const satisfies readonly (keyof PageRow)[];
const PAGE_INTEGERS = { number: 'integer', open: 'integer', level: 'integer', round: 'integer', escalations: 'integer', off_hours: 'integer' };

/**
 * Inserts new open pages, skipping any whose dedup key already has an open page (the partial
 * unique index oncall_pages_open_key decides, so two transactions or processes racing with one
 * key open one page); returns the ids inserted.
 */
export async function insertOpenPages(db: Db, rows: readonly PageRow[]): Promise<Set<string>> {
  const inserted = await insertRows<{ id: string }>(db, 'oncall_pages', PAGE_COLUMNS, rows.map((r) => PAGE_COLUMNS.map((c) => r[c])), {
    types: PAGE_INTEGERS, onConflict: 'on conflict (dedup_key) where open = 1 do nothing', returning: 'id', chunk: 1000,
  });
  return new Set(inserted.map((r) => r.id));
}

export const openPageByKey = (db: Db, key: string): Promise<PageRow | undefined> => db.selectFrom('oncall_pages').selectAll().where('dedup_key', '=', key).where('open', '=', 1).executeTakeFirst();

/** The open page of each of `keys` that has one. */
export async function openPagesByKeys(db: Db, keys: readonly string[]): Promise<Map<string, PageRow>> {
  const out = new Map<string, PageRow>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 500) {
    for (const p of await db.selectFrom('oncall_pages').selectAll().where('dedup_key', 'in', unique.slice(i, i + 500)).where('open', '=', 1).execute()) out.set(p.dedup_key, p);
  }
  return out;
}

export async function anyPageWithKey(db: Db, key: string): Promise<boolean> {
  return (await db.selectFrom('oncall_pages').select('id').where('dedup_key', '=', key).limit(1).executeTakeFirst()) !== undefined;
}

/** By id, or by number (`42` or `P-42`). */
export function findPage(db: Db, key: string): Promise<PageRow | undefined> {
  const n = /^(?:P-)?(\d{1,9})$/i.exec(key);
  const q = db.selectFrom('oncall_pages').selectAll();
  return (n ? q.where('number', '=', Number(n[1])) : q.where('id', '=', key)).executeTakeFirst();
}

export const pageById = (db: Db, id: string): Promise<PageRow | undefined> => db.selectFrom('oncall_pages').selectAll().where('id', '=', id).executeTakeFirst();

/** Updates the page only while it is in `status` (a compare-and-set); the number of rows changed. */
export async function updatePageIf(db: Db, id: string, status: string, patch: Partial<PageRow>): Promise<number> {
  const r = await db.updateTable('oncall_pages').set(patch).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Links the incident a page became; 0 when it already has one. */
export async function linkIncident(db: Db, id: string, incident: string): Promise<number> {
  const r = await db.updateTable('oncall_pages').set({ incident_key: incident }).where('id', '=', id).where('incident_key', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface PageFilter {
  status?: string;
  rotation?: string;
  open?: boolean;
}

/** Newest first, keyset on (triggered_at, id). */
export function listPages(db: Db, f: PageFilter, o: { limit: number; after?: [string, string] }): Promise<PageRow[]> {
  let q = db.selectFrom('oncall_pages').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.rotation) q = q.where('rotation', '=', f.rotation);
  if (f.open !== undefined) q = q.where('open', '=', f.open ? 1 : 0);
  if (o.after) {
    const [at, id] = o.after;
    q = q.where((eb) => eb.or([eb('triggered_at', '<', at), eb.and([eb('triggered_at', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('triggered_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
}

/** Pages triggered in [from, to) (statistics). */
export const pagesBetween = (db: Db, from: string, to: string): Promise<PageRow[]> => db.selectFrom('oncall_pages').selectAll().where('triggered_at', '>=', from).where('triggered_at', '<', to).orderBy('triggered_at').execute();

const EVENT_COLUMNS = ['id', 'page_id', 'at', 'kind', 'text', 'actor'] as const satisfies readonly (keyof PageEventRow)[];
export async function insertEvents(db: Db, rows: readonly PageEventRow[]): Promise<void> {
  await insertRows(db, 'oncall_page_events', EVENT_COLUMNS, rows.map((r) => EVENT_COLUMNS.map((c) => r[c])), { chunk: 2000 });
}

export const eventsOf = (db: Db, pageId: string): Promise<PageEventRow[]> => db.selectFrom('oncall_page_events').selectAll().where('page_id', '=', pageId).orderBy('at').orderBy('id').limit(1000).execute();

const TIMER_COLUMNS = ['id', 'page_id', 'kind', 'due_at', 'data', 'fired_at'] as const satisfies readonly (keyof TimerRow)[];
export async function insertTimers(db: Db, rows: readonly TimerRow[]): Promise<void> {
  await insertRows(db, 'oncall_timers', TIMER_COLUMNS, rows.map((r) => TIMER_COLUMNS.map((c) => r[c])), { chunk: 2000 });
}

/** Moves each page to its next escalation level while it is still triggered (a compare-and-set per row); returns the ids moved. */
export async function escalatePagesIf(db: Db, moves: readonly Pick<PageRow, 'id' | 'level' | 'round' | 'assignees' | 'escalations'>[]): Promise<Set<string>> {
  const moved = await updateRows(db, 'oncall_pages', 'id', ['level', 'round', 'assignees', 'escalations'], moves.map((m) => [m.id, m.level, m.round, m.assignees, m.escalations]), {
    where: "oncall_pages.status = 'triggered'", types: { level: 'integer', round: 'integer', escalations: 'integer' },
  });
  return new Set(moved);
}

export const dueTimers = (db: Db, now: string, limit: number): Promise<TimerRow[]> =>
  db.selectFrom('oncall_timers').selectAll().where('fired_at', 'is', null).where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();

export async function nextDue(db: Db): Promise<string | undefined> {
  return (await db.selectFrom('oncall_timers').select('due_at').where('fired_at', 'is', null).orderBy('due_at').limit(1).executeTakeFirst())?.due_at;
}

/** Marks the timers fired that nobody fired yet; returns those this caller fired (a compare-and-set per row). */
export async function claimTimers(db: Db, ids: readonly string[], now: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.updateTable('oncall_timers').set({ fired_at: now }).where('id', 'in', ids).where('fired_at', 'is', null).returning('id').execute();
  return new Set(rows.map((r) => r.id));
}

export async function pagesByIds(db: Db, ids: readonly string[]): Promise<Map<string, PageRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await db.selectFrom('oncall_pages').selectAll().where('id', 'in', [...new Set(ids)]).execute()).map((p) => [p.id, p]));
}

/** Pending timers of a page are dropped once it is acknowledged or resolved. */
export async function cancelTimers(db: Db, pageId: string): Promise<void> {
  await db.deleteFrom('oncall_timers').where('page_id', '=', pageId).where('fired_at', 'is', null).execute();
}

export async function nextEscalations(db: Db, pageIds: readonly string[]): Promise<Map<string, string>> {
  if (pageIds.length === 0) return new Map();
  const rows = await db.selectFrom('oncall_timers').select(['page_id', 'due_at']).where('page_id', 'in', pageIds).where('kind', '=', 'escalate').where('fired_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.page_id, r.due_at]));
}

const UNROUTED_COLUMNS = ['id', 'received_at', 'origin', 'dedup_key', 'title', 'labels', 'reason'] as const satisfies readonly (keyof UnroutedRow)[];
export async function insertUnrouted(db: Db, rows: readonly UnroutedRow[]): Promise<void> {
  await insertRows(db, 'oncall_unrouted', UNROUTED_COLUMNS, rows.map((r) => UNROUTED_COLUMNS.map((c) => r[c])), { chunk: 1000 });
}

export function listUnrouted(db: Db, o: { limit: number; after?: [string, string] }): Promise<UnroutedRow[]> {
  let q = db.selectFrom('oncall_unrouted').selectAll();
  if (o.after) {
    const [at, id] = o.after;
    q = q.where((eb) => eb.or([eb('received_at', '<', at), eb.and([eb('received_at', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
}

export const contactOf = (db: Db, user: string): Promise<ContactRow | undefined> => db.selectFrom('oncall_contacts').selectAll().where('user_ref', '=', user).executeTakeFirst();

export async function contactsOf(db: Db, users: readonly string[]): Promise<Map<string, ContactRow>> {
  const out = new Map<string, ContactRow>();
  for (let i = 0; i < users.length; i += 500) {
    for (const r of await db.selectFrom('oncall_contacts').selectAll().where('user_ref', 'in', users.slice(i, i + 500)).execute()) out.set(r.user_ref, r);
  }
  return out;
}

export async function putContact(db: Db, row: ContactRow): Promise<void> {
  await db
    .insertInto('oncall_contacts')
    .values(row)
    .onConflict((oc) => oc.column('user_ref').doUpdateSet({ rules: row.rules, time_zone: row.time_zone, updated_at: row.updated_at }))
    .execute();
}
