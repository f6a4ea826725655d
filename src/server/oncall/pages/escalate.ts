// The timers job: fires every due timer once — with several processes on one database each
// timer is claimed by a compare-and-set on `fired_at`, and the job itself runs under a lease —
// and survives restarts (timers are rows). An escalation timer moves an unACKed page to the next
// level that reaches someone (repeating the policy as it says) and pages them; a contact timer
// sends a person's delayed rule ("mail after 5 minutes") if the page is still unACKed.
import type { AppDeps } from '../../platform/deps.ts';
import { readModels } from '../read-models.ts';
import type { PageEventRow, PageRow, TimerRow } from '../tables.ts';
import { event, type PageCtx } from './lifecycle.ts';
import { notifyPeople, pageWrites, ruleMessage, rulesOf, writeAll } from './notify.ts';
import { claimTimers, contactsOf, dueTimers, escalatePagesIf, nextDue, pagesByIds } from './repository.ts';
import { chainOf, firstReachable } from './targets.ts';
import { randomUUID } from 'node:crypto';

export interface TimerRun {
  fired: number;
  escalated: number;
  sent: number;
}

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock'>;

/**
 * The job's run: fires what is due, then waits for the next timer due within `forMs` and fires it
 * on time, so a timer fires within milliseconds of its due time rather than at the next tick.
 */
export async function runTimers(deps: Deps, forMs: number, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<TimerRun> {
  const total: TimerRun = { fired: 0, escalated: 0, sent: 0 };
  const until = deps.clock().getTime() + forMs;
  for (;;) {
    const r = await fireDueTimers(deps);
    total.fired += r.fired;
    total.escalated += r.escalated;
    total.sent += r.sent;
    const next = await nextDue(deps.db);
    const now = deps.clock().getTime();
    if (now >= until) return total;
    if (r.fired > 0 && next !== undefined && Date.parse(next) <= now) continue;
    if (next === undefined || Date.parse(next) >= until) return total;
    await sleep(Math.max(0, Date.parse(next) - now));
  }
}

const BATCH = 500;

export async function fireDueTimers(deps: Deps, opts: { limit?: number } = {}): Promise<TimerRun> {
  const run: TimerRun = { fired: 0, escalated: 0, sent: 0 };
  const due = await dueTimers(deps.db, deps.clock().toISOString(), opts.limit ?? 2000);
  if (due.length === 0) return run;
  const models = await readModels(deps.db, deps.clock());
  for (let i = 0; i < due.length; i += BATCH) {
    const batch = due.slice(i, i + BATCH);
    const now = deps.clock();
    // One transaction per batch: each timer is claimed by a compare-and-set, so of two processes
    // racing for the same timers each fires a disjoint share, and a failed batch fires none.
    await deps.db.transaction().execute(async (tx) => {
      const claimed = await claimTimers(tx, batch.map((t) => t.id), now.toISOString());
      run.fired += claimed.size;
      const mine = batch.filter((t) => claimed.has(t.id));
      const pages = await pagesByIds(tx, mine.map((t) => t.page_id));
      const r = await fireClaimed({ db: tx, config: deps.config, now, actor: 'tally', ...models }, mine, pages);
      run.escalated += r.escalated;
      run.sent += r.sent;
    });
  }
  return run;
}

interface Move {
  page: PageRow;
  escalated: PageRow;
  people: string[];
  event: PageEventRow;
  afterMinutes: number;
}

/**
 * Fires a batch of claimed timers with one statement per table: the escalations are planned in
 * the timers' order (a page moved by one timer is seen moved by the next), the pages moved by one
 * compare-and-set update (a page ACKed meanwhile is left alone, and its messages, events and next
 * timer are dropped), then every message, event and timer of the batch written at once.
 */
async function fireClaimed(ctx: PageCtx, timers: readonly TimerRow[], pages: Map<string, PageRow>): Promise<Omit<TimerRun, 'fired'>> {
  const w = pageWrites();
  const moves: Move[] = [];
  const delayed: { page: PageRow; user: string; rule: number }[] = [];
  // Events in the order the timers fired; an escalation's only if its page moved.
  const order: (PageEventRow | Move | { delayed: number })[] = [];
  for (const timer of timers) {
    const page = pages.get(timer.page_id);
    if (!page || page.status !== 'triggered') continue;
    if (timer.kind === 'escalate') {
      const step = await nextStep(ctx, page, timer);
      if (step === undefined) continue;
      if ('kind' in step) order.push(step);
      else {
        moves.push(step);
        order.push(step);
        pages.set(page.id, step.escalated);
      }
    } else {
      const d = JSON.parse(timer.data) as { user: string; rule: number };
      order.push({ delayed: delayed.length });
      delayed.push({ page, user: d.user, rule: d.rule });
    }
  }
  const moved = await escalatePagesIf(ctx.db, moves.map((m) => m.escalated));
  const done = moves.filter((m) => moved.has(m.page.id));
  await notifyPeople(ctx, w, done.map((m) => ({ page: m.escalated, users: m.people })));
  const contacts = await contactsOf(ctx.db, [...new Set(delayed.map((d) => d.user))]);
  const sent = delayed.map(({ page, user, rule: index }) => {
    const rule = rulesOf(ctx.catalog, user, contacts.get(user)?.rules).rules[index];
    if (!rule) return undefined;
    w.messages.push(ruleMessage(ctx, page, user, rule, index));
    return event(page, ctx.now, 'notified', `Still not acknowledged after ${rule.afterMinutes} min: ${rule.channel} to ${user}`, 'tally');
  });
  for (const o of order) {
    if ('delayed' in o) {
      const e = sent[o.delayed];
      if (e) w.events.push(e);
    } else if ('page_id' in o) w.events.push(o);
    else if (moved.has(o.page.id)) w.events.push(o.event);
  }
  for (const m of done) w.timers.push({ id: randomUUID(), page_id: m.page.id, kind: 'escalate', due_at: new Date(ctx.now.getTime() + m.afterMinutes * 60_000).toISOString(), data: JSON.stringify({ level: m.escalated.level, round: m.escalated.round }), fired_at: null });
  await writeAll(ctx.db, w, ctx.now);
  return { escalated: done.length, sent: sent.filter(Boolean).length };
}

/** Where an escalation timer moves its page: the next level that reaches someone, an `exhausted` event, or nothing (a stale timer). */
async function nextStep(ctx: PageCtx, page: PageRow, timer: TimerRow): Promise<Move | PageEventRow | undefined> {
  const at = JSON.parse(timer.data) as { level: number; round: number };
  if (at.level !== page.level || at.round !== page.round) return undefined;
  const stored = ctx.rotations.byName.get(page.rotation);
  if (!stored) return undefined;
  const labels = JSON.parse(page.labels) as Record<string, string>;
  const shift = page.origin === 'shift-start' ? { incoming: labels.incoming ?? '', outgoing: page.previous_ref, ackMinutes: ctx.config.oncall.shiftStartAckMinutes ?? 15 } : undefined;
  const chain = chainOf(ctx, stored.rotation, ctx.now.getTime(), shift);
  const nextLevel = page.level + 1 < chain.levels ? { level: page.level + 1, round: page.round } : { level: 0, round: page.round + 1 };
  const next = await firstReachable(chain, nextLevel.level, nextLevel.round);
  if (!next) return event(page, ctx.now, 'exhausted', 'The escalation policy has run out of levels; the page stays open with the people already paged', 'tally');
  const escalated: PageRow = { ...page, level: next.level, round: next.round, assignees: JSON.stringify(next.people), escalations: page.escalations + 1 };
  const repeated = next.round > page.round;
  const e = event(page, ctx.now, repeated ? 'repeated' : 'escalated', `Not acknowledged within ${chain.afterMinutes(page.level)} min: ${repeated ? `round ${next.round + 1}, ` : ''}paged ${next.people.join(', ')} (level ${next.level + 1})`, 'tally');
  return { page, escalated, people: next.people, event: e, afterMinutes: chain.afterMinutes(next.level) };
}
