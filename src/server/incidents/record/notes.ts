// Notes and runtime-control actions: appended to the timeline. A note about something earlier
// keeps the minute it happened; who wrote it and when is recorded beside it.
import { InputError, problem } from '../../platform/problems.ts';
import type { IncidentRow } from '../tables.ts';
import type { WriteCtx } from './context.ts';
import { appendTimeline } from './timeline.ts';

const SKEW_MS = 60_000;

export async function addNote(ctx: WriteCtx, row: IncidentRow, n: { text: string; happenedAt?: string }): Promise<void> {
  if (n.happenedAt && Date.parse(n.happenedAt) > ctx.now.getTime() + SKEW_MS) {
    throw InputError.fromProblems('invalid note', [problem(`${n.happenedAt} is in the future (server time ${ctx.now.toISOString()})`, { field: 'body.happenedAt' })]);
  }
  await appendTimeline(ctx.db, row.id, [{ kind: 'note', text: n.text, author: ctx.actor, at: n.happenedAt }], ctx.now);
}

/** Someone used a runtime control (a kill switch, a traffic shift); `url` when the catalog names it. */
export async function recordControlAction(ctx: WriteCtx, row: IncidentRow, c: { service: string; control: string; action: string; url?: string }): Promise<void> {
  await appendTimeline(ctx.db, row.id, [{ kind: 'control', text: `${c.control} on ${c.service}: ${c.action}`, author: ctx.actor, data: { service: c.service, control: c.control, ...(c.url ? { url: c.url } : {}) } }], ctx.now);
}
