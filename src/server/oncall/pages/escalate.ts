// The timers job: fires every due timer once — with several processes on one database each
// timer is claimed by a compare-and-set on `fired_at`, and the job itself runs under a lease —
// and survives restarts (timers are rows). An escalation timer moves an unACKed page to the next
// level that reaches someone (repeating the policy as it says) and pages them; a contact timer
// sends a person's delayed rule ("mail after 5 minutes") if the page is still unACKed.
import type { AppDeps } from '../../platform/deps.ts';
import { readModels } from '../read-models.ts';
import type { PageRow, TimerRow } from '../tables.ts';
import { event, type PageCtx } from './lifecycle.ts';
import { notifyPeople, rulesOf, sendRule } from './notify.ts';
import { claimTimers, contactOf, dueTimers, insertEvents, insertTimers, nextDue, pagesByIds, updatePageIf } from './repository.ts';
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

const BATCH = 100;

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
      const pages = await pagesByIds(tx, batch.filter((t) => claimed.has(t.id)).map((t) => t.page_id));
      const ctx: PageCtx = { db: tx, config: deps.config, now, actor: 'tally', ...models };
      for (const timer of batch) {
        const page = claimed.has(timer.id) ? pages.get(timer.page_id) : undefined;
        if (!page || page.status !== 'triggered') continue;
        if (timer.kind === 'escalate') {
          const moved = await escalate(ctx, page, timer);
          if (moved) {
            run.escalated++;
            pages.set(page.id, moved);
          }
        } else if (await sendDelayed(ctx, page, timer)) run.sent++;
      }
    });
  }
  return run;
}

async function escalate(ctx: PageCtx, page: PageRow, timer: TimerRow): Promise<PageRow | undefined> {
  const at = JSON.parse(timer.data) as { level: number; round: number };
  if (at.level !== page.level || at.round !== page.round) return undefined;
  const stored = ctx.rotations.byName.get(page.rotation);
  if (!stored) return undefined;
  const labels = JSON.parse(page.labels) as Record<string, string>;
  const shift = page.origin === 'shift-start' ? { incoming: labels.incoming ?? '', outgoing: page.previous_ref, ackMinutes: ctx.config.oncall.shiftStartAckMinutes ?? 15 } : undefined;
  const chain = chainOf(ctx, stored.rotation, ctx.now.getTime(), shift);
  const nextLevel = page.level + 1 < chain.levels ? { level: page.level + 1, round: page.round } : { level: 0, round: page.round + 1 };
  const next = await firstReachable(chain, nextLevel.level, nextLevel.round);
  if (!next) {
    await insertEvents(ctx.db, [event(page, ctx.now, 'exhausted', 'The escalation policy has run out of levels; the page stays open with the people already paged', 'tally')]);
    return undefined;
  }
  const escalated: PageRow = { ...page, level: next.level, round: next.round, assignees: JSON.stringify(next.people), escalations: page.escalations + 1 };
  if ((await updatePageIf(ctx.db, page.id, 'triggered', { level: next.level, round: next.round, assignees: escalated.assignees, escalations: escalated.escalations })) === 0) return undefined;
  await notifyPeople(ctx, escalated, next.people);
  const repeated = next.round > page.round;
  await insertEvents(ctx.db, [event(page, ctx.now, repeated ? 'repeated' : 'escalated', `Not acknowledged within ${chain.afterMinutes(page.level)} min: ${repeated ? `round ${next.round + 1}, ` : ''}paged ${next.people.join(', ')} (level ${next.level + 1})`, 'tally')]);
  await insertTimers(ctx.db, [{ id: randomUUID(), page_id: page.id, kind: 'escalate', due_at: new Date(ctx.now.getTime() + chain.afterMinutes(next.level) * 60_000).toISOString(), data: JSON.stringify({ level: next.level, round: next.round }), fired_at: null }]);
  return escalated;
}

async function sendDelayed(ctx: PageCtx, page: PageRow, timer: TimerRow): Promise<boolean> {
  const d = JSON.parse(timer.data) as { user: string; rule: number };
  const { rules } = rulesOf(ctx.catalog, d.user, (await contactOf(ctx.db, d.user))?.rules);
  const rule = rules[d.rule];
  if (!rule) return false;
  await sendRule(ctx, page, d.user, rule, d.rule);
  await insertEvents(ctx.db, [event(page, ctx.now, 'notified', `Still not acknowledged after ${rule.afterMinutes} min: ${rule.channel} to ${d.user}`, 'tally')]);
  return true;
}
