// Status updates from the communications lead, subscribers, and the update cadence: per severity
// an update is due every N minutes (incidents.severities); when one is overdue the lead is
// reminded in the incident's channels, once per overdue period.
import type { AppDeps } from '../../platform/deps.ts';
import { ConflictError } from '../../platform/problems.ts';
import type { WriteCtx } from '../record/context.ts';
import { isActive } from '../record/model.ts';
import { updateDueAt } from '../record/present.ts';
import { activeIncidentRows, activeRoles, addSubscriberRow, touchIncident } from '../record/repository.ts';
import { appendTimeline } from '../record/timeline.ts';
import type { IncidentRow } from '../tables.ts';
import { announce } from './announce.ts';

export async function postUpdate(ctx: WriteCtx, row: IncidentRow, text: string): Promise<void> {
  if (row.state === 'closed') throw new ConflictError(`INC-${row.number} is closed; closed is final`);
  await announce(ctx, row, { kind: 'update', text });
  await touchIncident(ctx.db, row.id, { last_update_at: ctx.now.toISOString(), reminded_at: null, updated_at: ctx.now.toISOString() });
}

export async function addSubscriber(ctx: WriteCtx, row: IncidentRow, address: string): Promise<boolean> {
  const added = await addSubscriberRow(ctx.db, { incident_id: row.id, address: address.toLowerCase(), added_by: ctx.actor, added_at: ctx.now.toISOString() });
  if (added) await appendTimeline(ctx.db, row.id, [{ kind: 'subscriber', text: `${address} subscribed to announcements`, author: ctx.actor }], ctx.now);
  return added;
}

/** Overdue and not yet reminded for this overdue period. Pure. */
export function needsReminder(row: IncidentRow, config: WriteCtx['config'], now: Date): boolean {
  const due = updateDueAt(row, config);
  if (!due || !isActive(row.state) || Date.parse(due) > now.getTime()) return false;
  return !row.reminded_at || row.reminded_at < due;
}

/** The job: a reminder to each active incident whose update is overdue; returns how many were sent. */
export async function remindOverdueUpdates(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'events'>): Promise<number> {
  const now = deps.clock();
  let sent = 0;
  for (const row of await activeIncidentRows(deps.db)) {
    if (!needsReminder(row, deps.config, now)) continue;
    await deps.db.transaction().execute((tx) => remindOne({ db: tx, config: deps.config, now, actor: 'tally', events: deps.events }, row));
    sent++;
  }
  return sent;
}

async function remindOne(ctx: WriteCtx, row: IncidentRow): Promise<void> {
  const roles = await activeRoles(ctx.db, row.id);
  const lead = roles.find((r) => r.role === 'comms') ?? roles.find((r) => r.role === 'manager');
  const last = row.last_update_at ?? row.declared_at;
  const minutes = Math.round((ctx.now.getTime() - Date.parse(last)) / 60_000);
  await announce(ctx, row, { kind: 'reminder', text: `${lead ? `@${lead.person}: ` : ''}an update on INC-${row.number} is overdue — the last one went out ${minutes} min ago (${row.severity}: every ${ctx.config.incidents.severities.find((s) => s.level === row.severity)?.updateEveryMinutes} min).` });
  await touchIncident(ctx.db, row.id, { reminded_at: ctx.now.toISOString() });
}
