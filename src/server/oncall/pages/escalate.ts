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
import { claimTimer, contactOf, dueTimers, insertEvents, insertTimers, pageById, updatePageIf } from './repository.ts';
import { chainOf, firstReachable } from './targets.ts';
import { randomUUID } from 'node:crypto';

export interface TimerRun {
  fired: number;
  escalated: number;
  sent: number;
}

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock'>;

export async function fireDueTimers(deps: Deps, opts: { limit?: number } = {}): Promise<TimerRun> {
  const run: TimerRun = { fired: 0, escalated: 0, sent: 0 };
  const due = await dueTimers(deps.db, deps.clock().toISOString(), opts.limit ?? 2000);
  if (due.length === 0) return run;
  const models = await readModels(deps.db);
  for (const timer of due) {
    const now = deps.clock();
    await deps.db.transaction().execute(async (tx) => {
      if (!(await claimTimer(tx, timer.id, now.toISOString()))) return;
      run.fired++;
      const page = await pageById(tx, timer.page_id);
      if (!page || page.status !== 'triggered') return;
      const ctx: PageCtx = { db: tx, config: deps.config, now, actor: 'tally', ...models };
      if (timer.kind === 'escalate') run.escalated += (await escalate(ctx, page, timer)) ? 1 : 0;
      else if (await sendDelayed(ctx, page, timer)) run.sent++;
    });
  }
  return run;
}

async function escalate(ctx: PageCtx, page: PageRow, timer: TimerRow): Promise<boolean> {
  const at = JSON.parse(timer.data) as { level: number; round: number };
  if (at.level !== page.level || at.round !== page.round) return false;
  const stored = ctx.rotations.byName.get(page.rotation);
  if (!stored) return false;
  const labels = JSON.parse(page.labels) as Record<string, string>;
  const shift = page.origin === 'shift-start' ? { incoming: labels.incoming ?? '', outgoing: page.previous_ref, ackMinutes: ctx.config.oncall.shiftStartAckMinutes ?? 15 } : undefined;
  const chain = chainOf(ctx.db, ctx.rotations, stored.rotation, ctx.now.getTime(), shift);
  const nextLevel = page.level + 1 < chain.levels ? { level: page.level + 1, round: page.round } : { level: 0, round: page.round + 1 };
  const next = await firstReachable(chain, nextLevel.level, nextLevel.round);
  if (!next) {
    await insertEvents(ctx.db, [event(page, ctx.now, 'exhausted', 'The escalation policy has run out of levels; the page stays open with the people already paged', 'tally')]);
    return false;
  }
  const escalated: PageRow = { ...page, level: next.level, round: next.round, assignees: JSON.stringify(next.people), escalations: page.escalations + 1 };
  if ((await updatePageIf(ctx.db, page.id, 'triggered', { level: next.level, round: next.round, assignees: escalated.assignees, escalations: escalated.escalations })) === 0) return false;
  await notifyPeople(ctx, escalated, next.people);
  const repeated = next.round > page.round;
  await insertEvents(ctx.db, [event(page, ctx.now, repeated ? 'repeated' : 'escalated', `Not acknowledged within ${chain.afterMinutes(page.level)} min: ${repeated ? `round ${next.round + 1}, ` : ''}paged ${next.people.join(', ')} (level ${next.level + 1})`, 'tally')]);
  await insertTimers(ctx.db, [{ id: randomUUID(), page_id: page.id, kind: 'escalate', due_at: new Date(ctx.now.getTime() + chain.afterMinutes(next.level) * 60_000).toISOString(), data: JSON.stringify({ level: next.level, round: next.round }), fired_at: null }]);
  return true;
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
