// Postmortems: one per incident (opened with it, so follow-ups can be written down while it
// runs), and one per failed automated deploy even when no incident was declared. The template:
// summary, impact, timeline (filled in from the record), contributing factors, what went well,
// what went badly, and the follow-ups by kind. Closing an incident needs its postmortem
// published and at least one follow-up — or an explicit "none needed" with a reason.
import { randomUUID } from 'node:crypto';
import { POSTMORTEM_SECTIONS, type FollowUpView, type PostmortemView } from '../../../common/api/incidents-learning.ts';
import type { Impact } from '../../../common/api/incidents.ts';
import type { Db } from '../../platform/db/connect.ts';
import { ConflictError, InputError, problem } from '../../platform/problems.ts';
import type { FollowUpRow, IncidentRow, PostmortemRow, TimelineRow } from '../tables.ts';
import { followUpsOf, insertPostmortem, postmortemOfIncident, updatePostmortemVersioned } from './repository.ts';

export type Sections = Record<(typeof POSTMORTEM_SECTIONS)[number], string>;
/** Sections a postmortem cannot be published without. */
export const REQUIRED_SECTIONS = ['summary', 'impact', 'timeline', 'contributingFactors'] as const;
const EMPTY: Sections = { summary: '', impact: '', timeline: '', contributingFactors: '', wentWell: '', wentBadly: '' };

function newRow(p: { incidentId: string | null; changeId: string | null; title: string; services: string[]; reason: string; state: string }, now: Date): PostmortemRow {
  const at = now.toISOString();
  return {
    id: randomUUID(), incident_id: p.incidentId, change_id: p.changeId, title: p.title, services: JSON.stringify(p.services), reason: p.reason, state: p.state,
    sections: JSON.stringify(EMPTY), no_follow_ups_reason: null, created_at: at, updated_at: at, published_at: null, version: 1,
  };
}

export async function createIncidentPostmortem(db: Db, incident: IncidentRow, now: Date): Promise<void> {
  await insertPostmortem(db, newRow({ incidentId: incident.id, changeId: null, title: `INC-${incident.number}: ${incident.title}`, services: JSON.parse(incident.services), reason: `incident INC-${incident.number}`, state: 'draft' }, now));
}

/** The `change.failed` payload's part that matters here. */
export interface FailedChange {
  id: string;
  kind: string;
  automated: boolean;
  summary: string;
  entities: string[];
  environment: string;
}

/** A failed automated deploy opens a "postmortem required" record by itself (once per change). */
export async function requirePostmortemForChange(db: Db, c: FailedChange, now: Date): Promise<boolean> {
  if (c.kind !== 'deploy' || !c.automated) return false;
  return insertPostmortem(db, newRow({ incidentId: null, changeId: c.id, title: `Failed automated deploy: ${c.summary}`.slice(0, 300), services: c.entities, reason: `automated deploy ${c.id} failed in ${c.environment}`, state: 'required' }, now));
}

const fmtMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The timeline and impact sections written from the record (what happened, minute by minute). */
export function fromRecord(incident: IncidentRow, timeline: readonly TimelineRow[]): Pick<Sections, 'timeline' | 'impact'> {
  const lines = timeline.map((t) => `- ${fmtMinute(t.happened_at)} — ${t.text} (${t.author})`);
  const impact = incident.impact ? (JSON.parse(incident.impact) as Impact) : null;
  const users = impact ? (impact.users.count !== undefined ? `${impact.users.count} users` : `${impact.users.percent}% of users`) : 'not assessed';
  const caps = impact ? impact.capabilities.map((c) => `${c.name}: ${c.level}`).join('; ') : '';
  const window = `${incident.impact_started_at ? fmtMinute(incident.impact_started_at) : '?'} → ${incident.resolved_at ? fmtMinute(incident.resolved_at) : 'ongoing'}`;
  return { timeline: lines.join('\n'), impact: `${users}${impact ? ` (source: ${impact.users.source})` : ''}. ${caps}. Impact window: ${window}.`.trim() };
}

/** Fills the empty timeline and impact sections from the record; people's text is never overwritten. */
export async function fillFromRecord(db: Db, incident: IncidentRow, timeline: readonly TimelineRow[], now: Date): Promise<void> {
  const pm = await postmortemOfIncident(db, incident.id);
  if (!pm || pm.state === 'published') return;
  const sections = JSON.parse(pm.sections) as Sections;
  const filled = fromRecord(incident, timeline);
  const next = { ...sections, timeline: sections.timeline || filled.timeline, impact: sections.impact || filled.impact };
  if (JSON.stringify(next) !== pm.sections) await updatePostmortemVersioned(db, pm.id, pm.version, { sections: JSON.stringify(next), updated_at: now.toISOString() });
}

export interface PostmortemPatch {
  version: number;
  sections: Partial<Sections>;
  noFollowUpsReason?: string | null;
  state?: 'draft' | 'published';
}

/** Applies an edit; publishing needs the required sections written. 409 on a stale version. */
export async function patchPostmortem(db: Db, pm: PostmortemRow, p: PostmortemPatch, now: Date): Promise<void> {
  const sections = { ...(JSON.parse(pm.sections) as Sections), ...p.sections };
  const state = p.state ?? (pm.state === 'required' ? 'draft' : pm.state);
  if (state === 'published') {
    const missing = REQUIRED_SECTIONS.filter((s) => !sections[s].trim());
    if (missing.length) throw InputError.fromProblems('cannot publish yet', missing.map((s) => problem('is empty: write it before publishing', { field: `body.${s}` })));
  }
  const set: Partial<PostmortemRow> = { sections: JSON.stringify(sections), state, updated_at: now.toISOString() };
  if (p.noFollowUpsReason !== undefined) set.no_follow_ups_reason = p.noFollowUpsReason;
  if (state === 'published' && pm.state !== 'published') set.published_at = now.toISOString();
  if (!(await updatePostmortemVersioned(db, pm.id, p.version, set))) throw staleVersion('postmortem', pm.version, p.version);
}

export function staleVersion(what: string, current: number, sent: number): ConflictError {
  return new ConflictError(`the ${what} changed since you read it (version ${current}, you sent ${sent}); reload and apply your edit again`, [problem('is stale', { field: 'body.version' })]);
}

/** What closing the incident still needs: a published postmortem, and follow-ups or a reason for none. */
export async function closeBlockers(db: Db, incident: IncidentRow): Promise<string[]> {
  const pm = await postmortemOfIncident(db, incident.id);
  if (!pm) return ['a postmortem'];
  const out: string[] = [];
  if (pm.state !== 'published') out.push('a published postmortem (summary, impact, timeline, contributing factors)');
  const followUps = await followUpsOf(db, [pm.id]);
  if (followUps.length === 0 && !pm.no_follow_ups_reason) out.push('at least one follow-up, or "none needed" with a reason (noFollowUpsReason)');
  return out;
}

export const today = (now: Date): string => now.toISOString().slice(0, 10);

export const presentFollowUp = (r: FollowUpRow, now: Date): FollowUpView => ({
  id: r.id, postmortemId: r.postmortem_id, kind: r.kind as FollowUpView['kind'], title: r.title, owner: r.owner, dueDate: r.due_date, trackerUrl: r.tracker_url,
  status: r.status as FollowUpView['status'], overdue: r.status === 'open' && r.due_date < today(now), createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
});

export function presentPostmortem(pm: PostmortemRow, followUps: readonly FollowUpRow[], incidentRef: string | null, now: Date): PostmortemView {
  return {
    id: pm.id, incidentId: pm.incident_id, incidentRef, changeId: pm.change_id, title: pm.title, services: JSON.parse(pm.services) as string[], reason: pm.reason,
    state: pm.state as PostmortemView['state'], sections: { ...EMPTY, ...(JSON.parse(pm.sections) as Partial<Sections>) }, noFollowUpsReason: pm.no_follow_ups_reason,
    followUps: followUps.map((f) => presentFollowUp(f, now)), createdAt: pm.created_at, updatedAt: pm.updated_at, publishedAt: pm.published_at, version: pm.version,
  };
}
