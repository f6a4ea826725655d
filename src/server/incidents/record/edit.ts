// Editing the record: fields (with the version you read: a stale one is a 409, nothing is
// silently overwritten), the impact assessment, and the lifecycle. Every change lands in the
// timeline. Resolving needs the confirmation that user impact is gone; it announces the
// resolution, fills the postmortem's timeline and tells the change database the restore.
import type { z } from 'zod';
import type { confirmationSchema, Impact, IncidentState, patchSchema } from '../../../common/api/incidents.ts';
import { recordRestore } from '../../changes/index.ts';
import { ConflictError, InputError, problem } from '../../platform/problems.ts';
import { announce } from '../comms/announce.ts';
import { whatClosingNeeds } from '../learning/close.ts';
import { fillFromRecord, staleVersion } from '../learning/postmortems.ts';
import type { IncidentRow } from '../tables.ts';
import { INCIDENT_RESOLVED, type WriteCtx } from './context.ts';
import { declareProblems } from './declare.ts';
import { phaseOf, timeProblems, toMinute, transitionBlockers } from './model.ts';
import { replaceServices, timelineRows, updateIncidentVersioned } from './repository.ts';
import { appendTimeline, type NewEntry } from './timeline.ts';

export type PatchInput = z.output<typeof patchSchema>;
type Confirmation = z.output<typeof confirmationSchema>;

function refuseClosed(row: IncidentRow): void {
  if (row.state === 'closed') throw new ConflictError(`INC-${row.number} is closed; closed is final`);
}

async function write(ctx: WriteCtx, row: IncidentRow, version: number, set: Partial<IncidentRow>): Promise<void> {
  if (version !== row.version || !(await updateIncidentVersioned(ctx.db, row.id, version, { ...set, updated_at: ctx.now.toISOString() }))) {
    throw staleVersion(`incident INC-${row.number}`, row.version, version);
  }
}

const TIME_FIELDS = { impactStartedAt: 'impact_started_at', detectedAt: 'detected_at', mitigatedAt: 'mitigated_at' } as const;

type Change = { set: Partial<IncidentRow>; kind: NewEntry['kind']; text: string; data?: Record<string, unknown> };

/** Each field the patch changes: the row's new value and what the timeline says about it. */
function fieldChanges(row: IncidentRow, p: PatchInput): Change[] {
  const out: (Change | false)[] = [
    p.title !== undefined && p.title !== row.title && { set: { title: p.title }, kind: 'field', text: `Title: ${p.title}` },
    p.severity !== undefined && p.severity.toUpperCase() !== row.severity.toUpperCase() && { set: { severity: p.severity.toUpperCase() }, kind: 'severity', text: `Severity ${row.severity} → ${p.severity.toUpperCase()}`, data: { from: row.severity, to: p.severity.toUpperCase() } },
    p.services !== undefined && { set: { services: JSON.stringify([...new Set(p.services)]) }, kind: 'field', text: `Affected services: ${p.services.join(', ') || 'none'}` },
    p.chatChannel !== undefined && { set: { chat_channel: p.chatChannel }, kind: 'field', text: `Chat channel: ${p.chatChannel ?? 'none'}` },
    p.failover !== undefined && { set: { failover: JSON.stringify(p.failover) }, kind: 'field', text: `Failover channel: ${p.failover.kind}`, data: { failover: p.failover } },
    p.rootCause !== undefined && { set: { root_cause: p.rootCause }, kind: 'field', text: `Root cause: ${p.rootCause}` },
  ];
  for (const [field, column] of Object.entries(TIME_FIELDS) as [keyof typeof TIME_FIELDS, (typeof TIME_FIELDS)[keyof typeof TIME_FIELDS]][]) {
    const value = p[field] === undefined ? undefined : toMinute(p[field]);
    if (value !== undefined && value !== row[column]) out.push({ set: { [column]: value }, kind: 'field', text: `${field}: ${value}`, data: { field, value } });
  }
  return out.filter((c): c is Change => c !== false);
}

function patchChanges(row: IncidentRow, p: PatchInput, actor: string): { set: Partial<IncidentRow>; entries: NewEntry[] } {
  const changes = fieldChanges(row, p);
  return { set: Object.assign({}, ...changes.map((c) => c.set)) as Partial<IncidentRow>, entries: changes.map((c) => ({ kind: c.kind, text: c.text, author: actor, data: c.data })) };
}

export async function patchIncident(ctx: WriteCtx, row: IncidentRow, p: PatchInput): Promise<void> {
  refuseClosed(row);
  if (p.rootCause !== undefined && row.state !== 'resolved') throw new ConflictError('the root cause is asked for once the incident is resolved; mitigate first', [problem('only after resolving', { field: 'body.rootCause' })]);
  const problems = await declareProblems(ctx, { severity: p.severity, services: p.services });
  const { set, entries } = patchChanges(row, p, ctx.actor);
  const merged = { ...row, ...set };
  const changedTimes = new Set(Object.keys(TIME_FIELDS).filter((f) => p[f as keyof PatchInput] !== undefined));
  problems.push(...timeProblems({ impactStartedAt: merged.impact_started_at, detectedAt: merged.detected_at, declaredAt: merged.declared_at, mitigatedAt: merged.mitigated_at, resolvedAt: merged.resolved_at }, ctx.now, changedTimes));
  if (problems.length) throw InputError.fromProblems('invalid incident update', problems);
  await write(ctx, row, p.version, set);
  if (set.services) await replaceServices(ctx.db, row.id, JSON.parse(set.services) as string[], row.declared_at);
  await appendTimeline(ctx.db, row.id, entries, ctx.now);
  if (row.resolved_at && (set.impact_started_at || set.services)) await reportRestore(ctx, merged);
}

/** Users affected and how broken, per capability; kept in the timeline each time it changes. */
export async function setImpact(ctx: WriteCtx, row: IncidentRow, version: number, impact: Impact): Promise<void> {
  refuseClosed(row);
  await write(ctx, row, version, { impact: JSON.stringify({ ...impact, assessedAt: toMinute(ctx.now.toISOString()), assessedBy: ctx.actor }) });
  const users = impact.users.count !== undefined ? `${impact.users.count} users` : `${impact.users.percent}% of users`;
  const text = `Impact: ${users} (source: ${impact.users.source}); ${impact.capabilities.map((c) => `${c.name} ${c.level}`).join(', ')}`;
  await appendTimeline(ctx.db, row.id, [{ kind: 'impact', text, author: ctx.actor, data: { impact } }], ctx.now);
}

export interface StateChange {
  version: number;
  state: IncidentState;
  confirmation?: Confirmation;
  note?: string;
}

/** The lifecycle; 409 saying what is missing when a transition may not happen yet. */
export async function changeState(ctx: WriteCtx, row: IncidentRow, c: StateChange): Promise<void> {
  const from = row.state as IncidentState;
  const closeNeeds = c.state === 'closed' && from === 'resolved' ? await whatClosingNeeds(ctx.db, row) : [];
  const blockers = transitionBlockers({ from, to: c.state, hasImpact: row.impact !== null, hasImpactStart: row.impact_started_at !== null, hasConfirmation: !!c.confirmation, closeBlockers: closeNeeds });
  if (blockers.length) throw new ConflictError(`cannot move INC-${row.number} from ${from} to ${c.state}: missing ${blockers.join('; ')}`, blockers.map((b) => problem(b, { field: b.startsWith('confirmation') ? 'body.confirmation' : 'body.state' })));
  const set = stateFields(row, c, ctx);
  await write(ctx, row, c.version, set);
  const next = { ...row, ...set, version: c.version + 1 };
  const confirmed = c.confirmation ? ` — impact gone, confirmed by ${c.confirmation.by ?? ctx.actor} (${c.confirmation.how}: ${c.confirmation.evidence})` : '';
  await appendTimeline(ctx.db, row.id, [{ kind: 'state', text: `${from} → ${c.state}${confirmed}${c.note ? `. ${c.note}` : ''}`, author: ctx.actor, data: { from, to: c.state } }], ctx.now);
  if (c.state === 'resolved') await onResolved(ctx, next, c.note);
  if (from === 'resolved' && c.state !== 'closed') await reportRestore(ctx, next);
}

function stateFields(row: IncidentRow, c: StateChange, ctx: WriteCtx): Partial<IncidentRow> {
  const at = toMinute(ctx.now.toISOString());
  const set: Partial<IncidentRow> = { state: c.state, phase: phaseOf(c.state) };
  if (c.state === 'monitoring' && !row.mitigated_at) set.mitigated_at = at;
  if (c.state === 'resolved') {
    set.resolved_at = at;
    set.mitigated_at = row.mitigated_at ?? at;
    set.confirmation = JSON.stringify({ how: c.confirmation!.how, evidence: c.confirmation!.evidence, by: c.confirmation!.by ?? ctx.actor, at });
  }
  if (c.state === 'closed') set.closed_at = at;
  if (row.state === 'resolved' && c.state !== 'closed') Object.assign(set, { resolved_at: null, confirmation: null });
  return set;
}

async function onResolved(ctx: WriteCtx, row: IncidentRow, note?: string): Promise<void> {
  const confirmation = JSON.parse(row.confirmation!) as { how: string; evidence: string; by: string };
  await announce(ctx, row, { kind: 'resolved', text: `Resolved: user impact is gone (confirmed by ${confirmation.by}, ${confirmation.how}: ${confirmation.evidence}).${note ? ` ${note}` : ''}` });
  await fillFromRecord(ctx.db, row, await timelineRows(ctx.db, row.id, { limit: 2000 }), ctx.now);
  await reportRestore(ctx, row);
  await ctx.events.publish(ctx.db, [{ type: INCIDENT_RESOLVED, payload: { id: row.id, number: row.number, severity: row.severity, services: JSON.parse(row.services), impactStartedAt: row.impact_started_at, resolvedAt: row.resolved_at, drill: row.drill_kind } }], ctx.now);
}

/** DORA's time to restore: real incidents only; a reopened incident takes its restore back. */
async function reportRestore(ctx: WriteCtx, row: IncidentRow): Promise<void> {
  if (row.drill_id || !row.impact_started_at) return;
  await recordRestore(ctx.db, { incident: row.id, entities: JSON.parse(row.services) as string[], startedAt: row.impact_started_at, restoredAt: row.resolved_at });
}
