// A page's life: triggered (routed to the person on call now, or to the first escalation level
// that reaches someone), acknowledged (the timers stop), resolved. A repeated alert finds the
// open page with its dedup key and pages nobody again. Alerts are taken a batch at a time (all
// the requests that arrived together, one transaction). Escalation and delayed-contact timers
// are rows (oncall_timers), fired once by escalate.ts.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { ConflictError } from '../../platform/problems.ts';
import type { IncomingAlert } from '../intake/alerts.ts';
import { routeAlert } from '../intake/route.ts';
import type { ReadModels } from '../read-models.ts';
import type { PageEventRow, PageRow, TimerRow, UnroutedRow } from '../tables.ts';
import { notifyPeople, pageWrites, writeAll } from './notify.ts';
import { cancelTimers, insertEvents, insertOpenPages, insertUnrouted, openPagesByKeys, reservePageNumbers, updatePageIf } from './repository.ts';
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

/** One alert of a batch, with who sent it (the actor of its events). */
export interface IntakeItem {
  alert: IncomingAlert;
  actor: string;
}

/**
 * A batch of alerts in one transaction, set-based: one read of the open pages of every dedup key,
 * then each alert in order against what the batch has done so far (so a key repeated in the batch
 * pages once, and a trigger then a resolve of one key resolves the page just opened); the new
 * pages are written together (openPages), flushed before an acknowledge or resolve that may name them.
 */
export async function takeAlerts(ctx: PageCtx, items: readonly IntakeItem[]): Promise<IntakeOutcome[]> {
  const open = await openPagesByKeys(ctx.db, items.map((i) => i.alert.dedupKey));
  const out: IntakeOutcome[] = new Array<IntakeOutcome>(items.length);
  let pending: { index: number; plan: PagePlan }[] = [];
  let repeats: { index: number; of: number }[] = [];
  const planned = new Map<string, number>();
  const unrouted: UnroutedRow[] = [];
  const flush = async () => {
    const outcomes = await openPages(ctx, pending.map((p) => p.plan));
    const byIndex = new Map<number, PageRow>();
    pending.forEach((p, i) => {
      out[p.index] = outcomes[i]!;
      byIndex.set(p.index, outcomes[i]!.page);
      open.set(p.plan.page.dedup_key, outcomes[i]!.page);
    });
    for (const r of repeats) out[r.index] = { kind: 'deduplicated', page: byIndex.get(r.of)! };
    pending = [];
    repeats = [];
    planned.clear();
  };
  for (const [index, { alert, actor }] of items.entries()) {
    if (alert.action !== 'trigger') {
      await flush();
      const page = open.get(alert.dedupKey);
      const by = `${alert.origin} (${actor})`;
      if (!page) out[index] = { kind: 'ignored' };
      else {
        const changed = alert.action === 'acknowledge' ? await acknowledgePage(ctx, page, by) : await resolvePage(ctx, page, by);
        out[index] = { kind: alert.action === 'acknowledge' ? 'acknowledged' : 'resolved', page: changed };
        if (changed.open === 1) open.set(alert.dedupKey, changed);
        else open.delete(alert.dedupKey);
      }
      continue;
    }
    const page = open.get(alert.dedupKey);
    if (page) {
      out[index] = { kind: 'deduplicated', page };
      continue;
    }
    const of = planned.get(alert.dedupKey);
    if (of !== undefined) {
      repeats.push({ index, of });
      continue;
    }
    const route = routeAlert(ctx.index, alert.labels, alert.service);
    const plan = 'reason' in route ? route.reason : await planPage(ctx, { origin: alert.origin, dedupKey: alert.dedupKey, title: alert.title, details: alert.details, labels: alert.labels, service: route.service, rotation: route.rotation, actor });
    if (typeof plan === 'string') {
      unrouted.push(unroutedRow(ctx, alert, plan));
      out[index] = { kind: 'unrouted', reason: plan };
    } else {
      planned.set(alert.dedupKey, index);
      pending.push({ index, plan });
    }
  }
  await flush();
  await insertUnrouted(ctx.db, unrouted);
  return out;
}

const unroutedRow = (ctx: Pick<PageCtx, 'now'>, alert: { origin: string; dedupKey: string; title: string; labels: Record<string, string> }, reason: string): UnroutedRow => ({
  id: randomUUID(), received_at: ctx.now.toISOString(), origin: alert.origin, dedup_key: alert.dedupKey, title: alert.title, labels: JSON.stringify(alert.labels), reason,
});

export interface NewPage {
  origin: string;
  dedupKey: string;
  title: string;
  details: string;
  labels: Record<string, string>;
  service: string | null;
  rotation: string;
  /** Who sent it (the `triggered` event's actor); the context's actor when absent. */
  actor?: string;
  /** Shift-start pages. */
  shift?: { incoming: string; outgoing: string | null };
}

/** A page to open: the row (its number given when written), whom it pages first and when it escalates. */
interface PagePlan {
  page: PageRow;
  people: string[];
  escalateAfterMinutes: number;
  actor: string;
}

/** Whom a new page reaches (the first escalation level that reaches someone), or why nobody. */
async function planPage(ctx: PageCtx, p: NewPage): Promise<PagePlan | string> {
  const stored = ctx.rotations.byName.get(p.rotation)!;
  const shift = p.shift ? { ...p.shift, ackMinutes: ctx.config.oncall.shiftStartAckMinutes ?? 15 } : undefined;
  const chain = chainOf(ctx, stored.rotation, ctx.now.getTime(), shift);
  const first = await firstReachable(chain, 0, 0);
  if (!first) return `nobody to page in rotation ${p.rotation} now: a gap in its schedule, and no escalation level names anyone`;
  const page: PageRow = {
    id: randomUUID(), number: 0, dedup_key: p.dedupKey, origin: p.origin, title: p.title, details: p.details, service: p.service, rotation: p.rotation,
    status: 'triggered', open: 1, level: first.level, round: first.round, assignees: JSON.stringify(first.people), labels: JSON.stringify(p.labels), previous_ref: p.shift?.outgoing ?? null,
    triggered_at: ctx.now.toISOString(), acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, escalations: 0,
    off_hours: offHours(ctx.now, stored.rotation.timeZone) ? 1 : 0, incident_key: null,
  };
  return { page, people: first.people, escalateAfterMinutes: chain.afterMinutes(first.level), actor: p.actor ?? ctx.actor };
}

/**
 * Writes planned pages with one statement per table: their numbers reserved at once, the pages
 * inserted unless their dedup key already has an open page (another transaction or process got
 * there first: that page is the outcome, deduplicated, and the number reserved for ours is left
 * unused), then for the pages inserted the messages, events and escalation timers.
 */
async function openPages(ctx: PageCtx, plans: readonly PagePlan[]): Promise<{ kind: 'triggered' | 'deduplicated'; page: PageRow }[]> {
  if (plans.length === 0) return [];
  const first = await reservePageNumbers(ctx.db, plans.length);
  const rows = plans.map((p, i) => ({ ...p.page, number: first + i }));
  const inserted = await insertOpenPages(ctx.db, rows);
  const opened = plans.flatMap((plan, i) => (inserted.has(rows[i]!.id) ? [{ plan, page: rows[i]! }] : []));
  const others = opened.length < plans.length ? await openPagesByKeys(ctx.db, rows.filter((r) => !inserted.has(r.id)).map((r) => r.dedup_key)) : new Map<string, PageRow>();
  const w = pageWrites();
  const unreachable = await notifyPeople(ctx, w, opened.map((o) => ({ page: o.page, users: o.plan.people })));
  opened.forEach(({ plan, page }, i) => {
    const origin = page.origin;
    w.events.push(
      event(page, ctx.now, 'triggered', `${origin === 'shift-start' ? 'Shift started' : `Alert from ${origin}`}${page.service ? ` for ${page.service}` : ''}, routed to rotation ${page.rotation}`, plan.actor),
      event(page, ctx.now, 'notified', `Paged ${plan.people.join(', ')} (level ${page.level + 1})`, 'tally'),
      ...unreachable[i]!.map((u) => event(page, ctx.now, 'unreachable', `${u} has no contact rule and no mail address in the catalog`, 'tally')),
    );
    w.timers.push(escalationTimer(page, ctx.now, plan.escalateAfterMinutes));
  });
  await writeAll(ctx.db, w, ctx.now);
  return rows.map((row) => {
    if (inserted.has(row.id)) return { kind: 'triggered' as const, page: row };
    const page = others.get(row.dedup_key);
    // Opened and closed again by others between our insert and this read: let the sender retry.
    if (!page) throw new ConflictError(`the page for ${row.dedup_key} changed meanwhile; send the alert again`);
    return { kind: 'deduplicated' as const, page };
  });
}

/** One page (shift-start), written like a batch of one. */
export async function openPage(ctx: PageCtx, p: NewPage): Promise<IntakeOutcome> {
  const plan = await planPage(ctx, p);
  if (typeof plan !== 'string') return (await openPages(ctx, [plan]))[0]!;
  await insertUnrouted(ctx.db, [unroutedRow(ctx, p, plan)]);
  return { kind: 'unrouted', reason: plan };
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
