// A page's life: triggered (routed to the person on call now, or to the first escalation level
// that reaches someone), acknowledged (the timers stop), resolved. A repeated alert finds the
// open page with its dedup key and pages nobody again. Escalation and delayed-contact timers
// are rows (oncall_timers), fired once by escalate.ts.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { ConflictError } from '../../platform/problems.ts';
import type { IncomingAlert } from '../intake/alerts.ts';
import { routeAlert } from '../intake/route.ts';
import type { ReadModels } from '../read-models.ts';
import type { PageEventRow, PageRow, TimerRow } from '../tables.ts';
import { notifyPeople } from './notify.ts';
import { cancelTimers, insertEvents, insertPage, insertTimers, insertUnrouted, nextPageNumber, openPageByKey, updatePageIf } from './repository.ts';
import { chainOf, firstReachable } from './targets.ts';

/** What a write needs: the transaction, and the read models loaded outside it (cached per process). */
export interface PageCtx extends ReadModels {
  db: Db;
  config: Config;
  now: Date;
  actor: string;
}

export type IntakeOutcome = { kind: 'triggered' | 'deduplicated' | 'acknowledged' | 'resolved' | 'ignored'; page?: PageRow } | { kind: 'unrouted'; reason: string };

let seq = 0;
/** Ids sort in the order events were made (the list orders by time, then id). */
export const eventId = (at: Date) => `${at.getTime().toString(36)}-${(seq++ % 1e9).toString().padStart(9, '0')}-${randomUUID().slice(0, 8)}`;
export const event = (page: Pick<PageRow, 'id'>, at: Date, kind: string, text: string, actor: string): PageEventRow => ({ id: eventId(at), page_id: page.id, at: at.toISOString(), kind, text, actor });
const escalationTimer = (page: PageRow, now: Date, minutes: number): TimerRow => ({ id: randomUUID(), page_id: page.id, kind: 'escalate', due_at: new Date(now.getTime() + minutes * 60_000).toISOString(), data: JSON.stringify({ level: page.level, round: page.round }), fired_at: null });

export async function takeAlert(ctx: PageCtx, alert: IncomingAlert): Promise<IntakeOutcome> {
  const open = await openPageByKey(ctx.db, alert.dedupKey);
  if (alert.action === 'acknowledge') return open ? { kind: 'acknowledged', page: await acknowledgePage(ctx, open, `${alert.origin} (${ctx.actor})`) } : { kind: 'ignored' };
  if (alert.action === 'resolve') return open ? { kind: 'resolved', page: await resolvePage(ctx, open, `${alert.origin} (${ctx.actor})`) } : { kind: 'ignored' };
  if (open) return { kind: 'deduplicated', page: open };
  const route = routeAlert(ctx.index, alert.labels, alert.service);
  if ('reason' in route) return unrouted(ctx, alert, route.reason);
  return openPage(ctx, { origin: alert.origin, dedupKey: alert.dedupKey, title: alert.title, details: alert.details, labels: alert.labels, service: route.service, rotation: route.rotation });
}

async function unrouted(ctx: PageCtx, alert: { origin: string; dedupKey: string; title: string; labels: Record<string, string> }, reason: string): Promise<IntakeOutcome> {
  await insertUnrouted(ctx.db, { id: randomUUID(), received_at: ctx.now.toISOString(), origin: alert.origin, dedup_key: alert.dedupKey, title: alert.title, labels: JSON.stringify(alert.labels), reason });
  return { kind: 'unrouted', reason };
}

export interface NewPage {
  origin: string;
  dedupKey: string;
  title: string;
  details: string;
  labels: Record<string, string>;
  service: string | null;
  rotation: string;
  /** Shift-start pages. */
  shift?: { incoming: string; outgoing: string | null };
}

export async function openPage(ctx: PageCtx, p: NewPage): Promise<IntakeOutcome> {
  const stored = ctx.rotations.byName.get(p.rotation)!;
  const shift = p.shift ? { ...p.shift, ackMinutes: ctx.config.oncall.shiftStartAckMinutes ?? 15 } : undefined;
  const chain = chainOf(ctx, stored.rotation, ctx.now.getTime(), shift);
  const first = await firstReachable(chain, 0, 0);
  if (!first) return unrouted(ctx, p, `nobody to page in rotation ${p.rotation} now: a gap in its schedule, and no escalation level names anyone`);
  const page: PageRow = {
    id: randomUUID(), number: await nextPageNumber(ctx.db), dedup_key: p.dedupKey, origin: p.origin, title: p.title, details: p.details, service: p.service, rotation: p.rotation,
    status: 'triggered', open: 1, level: first.level, round: first.round, assignees: JSON.stringify(first.people), labels: JSON.stringify(p.labels), previous_ref: p.shift?.outgoing ?? null,
    triggered_at: ctx.now.toISOString(), acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, escalations: 0,
    off_hours: offHours(ctx.now, stored.rotation.timeZone) ? 1 : 0, incident_key: null,
  };
  await insertPage(ctx.db, page);
  const unreachable = await notifyPeople(ctx, page, first.people);
  await insertEvents(ctx.db, [
    event(page, ctx.now, 'triggered', `${p.origin === 'shift-start' ? 'Shift started' : `Alert from ${p.origin}`}${p.service ? ` for ${p.service}` : ''}, routed to rotation ${p.rotation}`, ctx.actor),
    event(page, ctx.now, 'notified', `Paged ${first.people.join(', ')} (level ${first.level + 1})`, 'tally'),
    ...unreachable.map((u) => event(page, ctx.now, 'unreachable', `${u} has no contact rule and no mail address in the catalog`, 'tally')),
  ]);
  await insertTimers(ctx.db, [escalationTimer(page, ctx.now, chain.afterMinutes(first.level))]);
  return { kind: 'triggered', page };
}

/** Outside 09:00–18:00 on weekdays in the rotation's time zone. */
export function offHours(at: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  return local.weekday > 5 || local.hour < 9 || local.hour >= 18;
}

export async function acknowledgePage(ctx: Pick<PageCtx, 'db' | 'now'>, page: PageRow, by: string): Promise<PageRow> {
  if (page.status === 'acknowledged') return page;
  if (page.status === 'resolved') throw new ConflictError(`page P-${page.number} is already resolved`);
  const at = ctx.now.toISOString();
  // A shift-start page is done once ACKed: the person knows their shift has begun.
  const patch: Partial<PageRow> = page.origin === 'shift-start' ? { status: 'resolved', open: 0, acknowledged_at: at, acknowledged_by: by, resolved_at: at, resolved_by: by } : { status: 'acknowledged', acknowledged_at: at, acknowledged_by: by };
  if ((await updatePageIf(ctx.db, page.id, 'triggered', patch)) === 0) throw new ConflictError(`page P-${page.number} changed meanwhile; read it again`);
  await cancelTimers(ctx.db, page.id);
  await insertEvents(ctx.db, [event(page, ctx.now, 'acknowledged', `Acknowledged by ${by}`, by)]);
  return { ...page, ...patch };
}

export async function resolvePage(ctx: Pick<PageCtx, 'db' | 'now'>, page: PageRow, by: string): Promise<PageRow> {
  if (page.status === 'resolved') return page;
  const patch: Partial<PageRow> = { status: 'resolved', open: 0, resolved_at: ctx.now.toISOString(), resolved_by: by };
  if ((await updatePageIf(ctx.db, page.id, page.status, patch)) === 0) throw new ConflictError(`page P-${page.number} changed meanwhile; read it again`);
  await cancelTimers(ctx.db, page.id);
  await insertEvents(ctx.db, [event(page, ctx.now, 'resolved', `Resolved by ${by}`, by)]);
  return { ...page, ...patch };
}
