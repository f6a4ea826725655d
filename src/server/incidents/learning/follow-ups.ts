// Follow-ups: detection, escalation, recovery or prevention work, each with an owner, a due date,
// a tracker link and a status. They hang off a postmortem (an incident's, or a failed deploy's);
// an incident's are written in its timeline too.
import { NotFoundError } from '../../platform/problems.ts';
import type { WriteCtx } from '../record/context.ts';
import { orderedId } from '../record/ids.ts';
import { appendTimeline } from '../record/timeline.ts';
import type { FollowUpRow, PostmortemRow } from '../tables.ts';
import { staleVersion } from './postmortems.ts';
import { followUpById, insertFollowUp, postmortemById, updateFollowUpVersioned } from './repository.ts';

export interface FollowUpInput {
  kind: string;
  title: string;
  owner: string;
  dueDate: string;
  trackerUrl?: string;
}

export async function addFollowUp(ctx: WriteCtx, pm: PostmortemRow, f: FollowUpInput): Promise<FollowUpRow> {
  const at = ctx.now.toISOString();
  const row: FollowUpRow = { id: orderedId(ctx.now), postmortem_id: pm.id, kind: f.kind, title: f.title, owner: f.owner, due_date: f.dueDate, tracker_url: f.trackerUrl ?? null, status: 'open', created_at: at, updated_at: at, done_at: null, version: 1 };
  await insertFollowUp(ctx.db, row);
  if (pm.incident_id) await appendTimeline(ctx.db, pm.incident_id, [{ kind: 'follow-up', text: `Follow-up (${f.kind}) for ${f.owner}, due ${f.dueDate}: ${f.title}`, author: ctx.actor, data: { id: row.id } }], ctx.now);
  return row;
}

export interface FollowUpPatch {
  version: number;
  title?: string;
  owner?: string;
  dueDate?: string;
  trackerUrl?: string | null;
  status?: string;
}

export async function patchFollowUp(ctx: WriteCtx, id: string, p: FollowUpPatch): Promise<FollowUpRow> {
  const current = await followUpById(ctx.db, id);
  if (!current) throw new NotFoundError(`no follow-up ${id}`);
  const set: Partial<FollowUpRow> = { updated_at: ctx.now.toISOString() };
  if (p.title !== undefined) set.title = p.title;
  if (p.owner !== undefined) set.owner = p.owner;
  if (p.dueDate !== undefined) set.due_date = p.dueDate;
  if (p.trackerUrl !== undefined) set.tracker_url = p.trackerUrl;
  if (p.status !== undefined) Object.assign(set, { status: p.status, done_at: p.status === 'open' ? null : ctx.now.toISOString() });
  if (!(await updateFollowUpVersioned(ctx.db, id, p.version, set))) throw staleVersion('follow-up', current.version, p.version);
  const pm = await postmortemById(ctx.db, current.postmortem_id);
  if (pm?.incident_id && p.status) await appendTimeline(ctx.db, pm.incident_id, [{ kind: 'follow-up', text: `Follow-up ${p.status}: ${set.title ?? current.title}`, author: ctx.actor, data: { id } }], ctx.now);
  return { ...current, ...set, version: current.version + 1 };
}
