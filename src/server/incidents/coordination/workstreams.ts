// Workstreams run mitigation in parallel: each with an owner, a goal and a status.
import type { WorkstreamView } from '../../../common/api/incidents.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { staleVersion } from '../learning/postmortems.ts';
import type { WriteCtx } from '../record/context.ts';
import { orderedId } from '../record/ids.ts';
import { appendTimeline } from '../record/timeline.ts';
import type { IncidentRow, WorkstreamRow } from '../tables.ts';
import { insertWorkstream, updateWorkstreamVersioned, workstreamsOf } from './repository.ts';

export async function addWorkstream(ctx: WriteCtx, incident: IncidentRow, w: { goal: string; owner: string; status: string }): Promise<WorkstreamRow> {
  const at = ctx.now.toISOString();
  const row: WorkstreamRow = { id: orderedId(ctx.now), incident_id: incident.id, goal: w.goal, owner: w.owner, status: w.status, created_by: ctx.actor, created_at: at, updated_at: at, version: 1 };
  await insertWorkstream(ctx.db, row);
  await appendTimeline(ctx.db, incident.id, [{ kind: 'workstream', text: `Workstream "${w.goal}" (owner ${w.owner}): ${w.status}`, author: ctx.actor, data: { id: row.id } }], ctx.now);
  return row;
}

export async function patchWorkstream(ctx: WriteCtx, incident: IncidentRow, id: string, p: { version: number; goal?: string; owner?: string; status?: string }): Promise<void> {
  const current = (await workstreamsOf(ctx.db, incident.id)).find((w) => w.id === id);
  if (!current) throw new NotFoundError(`no workstream ${id} on INC-${incident.number}`);
  const set: Partial<WorkstreamRow> = { updated_at: ctx.now.toISOString(), ...(p.goal ? { goal: p.goal } : {}), ...(p.owner ? { owner: p.owner } : {}), ...(p.status ? { status: p.status } : {}) };
  if (!(await updateWorkstreamVersioned(ctx.db, id, incident.id, p.version, set))) throw staleVersion('workstream', current.version, p.version);
  const next = { ...current, ...set };
  await appendTimeline(ctx.db, incident.id, [{ kind: 'workstream', text: `Workstream "${next.goal}" (owner ${next.owner}): ${next.status}`, author: ctx.actor, data: { id } }], ctx.now);
}

export const presentWorkstream = (r: WorkstreamRow): WorkstreamView => ({
  id: r.id, goal: r.goal, owner: r.owner, status: r.status as WorkstreamView['status'], createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
});
