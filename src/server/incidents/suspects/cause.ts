// Acting on a suspect from the incident: name it the cause (its verdict becomes failed, which
// DORA counts), take that back, or press revert — the change database's exactly-once revert —
// with the outcome written in the timeline either way.
import { clearChangeVerdict, getChange, revertChange, setChangeVerdict, type RevertDeps } from '../../changes/index.ts';
import { ConflictError } from '../../platform/problems.ts';
import type { WriteCtx } from '../record/context.ts';
import { appendTimeline } from '../record/timeline.ts';
import type { IncidentRow } from '../tables.ts';

export async function markCause(ctx: WriteCtx, row: IncidentRow, changeId: string): Promise<void> {
  if (row.drill_id) throw new ConflictError('a drill has no cause in the change database: drills stay out of DORA');
  await setChangeVerdict(ctx.db, { changeId, incident: row.id, by: ctx.actor }, ctx.now);
  const change = await getChange(ctx.db, changeId);
  await appendTimeline(ctx.db, row.id, [{ kind: 'cause', text: `Named the cause: ${change.summary} (change ${changeId})`, author: ctx.actor, data: { changeId } }], ctx.now);
}

export async function unmarkCause(ctx: WriteCtx, row: IncidentRow, changeId: string): Promise<void> {
  if (!(await clearChangeVerdict(ctx.db, changeId))) throw new ConflictError(`change ${changeId} was not named as a cause`);
  await appendTimeline(ctx.db, row.id, [{ kind: 'cause', text: `No longer the cause: change ${changeId}`, author: ctx.actor, data: { changeId, cleared: true } }], ctx.now);
}

/**
 * Runs the revert outside any transaction (it calls out over HTTP), then records what happened
 * in the timeline in a short one. A conflict (already reverted, running) is the caller's 409.
 */
export async function revertFromIncident(deps: RevertDeps & { write: (fn: (ctx: WriteCtx) => Promise<void>) => Promise<void> }, row: IncidentRow, changeId: string, r: { reason: string; retry: boolean; actor: string }) {
  const change = await getChange(deps.db, changeId);
  const outcome = await revertChange(deps, changeId, r);
  const text = outcome.state === 'succeeded'
    ? `Reverted: ${change.summary} (attempt ${outcome.attempt}; revert recorded as change ${outcome.revertChangeId}). Reason: ${r.reason}`
    : `Revert failed: ${change.summary} (attempt ${outcome.attempt}): ${outcome.result.error ?? `HTTP ${outcome.result.status}`}`;
  await deps.write((ctx) => appendTimeline(ctx.db, row.id, [{ kind: 'revert', text, author: r.actor, data: { changeId, state: outcome.state, revertChangeId: outcome.revertChangeId ?? null } }], ctx.now));
  return outcome;
}
