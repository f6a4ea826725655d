// Declaring an incident, from anywhere (web UI, API, CLI, chat, an alert or page, a drill): the
// record with its times to the minute, the declarer as incident manager, a postmortem to fill as
// it goes, the first timeline entry, the announcement, and `incident.declared` — one transaction.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { declareSchema } from '../../../common/api/incidents.ts';
import { existingEntityRefs } from '../../catalog/index.ts';
import { InputError, problem, type Problem } from '../../platform/problems.ts';
import { announce } from '../comms/announce.ts';
import { createIncidentPostmortem } from '../learning/postmortems.ts';
import type { IncidentRow } from '../tables.ts';
import { INCIDENT_DECLARED, type WriteCtx } from './context.ts';
import { timeProblems, toMinute } from './model.ts';
import { severityOf } from './present.ts';
import { insertIncident, insertRole, nextIncidentNumber } from './repository.ts';
import { appendTimeline, type NewEntry } from './timeline.ts';

export type DeclareInput = z.output<typeof declareSchema>;

/** Problems with what a declaration names: an unknown severity, services not in the catalog. */
export async function declareProblems(ctx: Pick<WriteCtx, 'db' | 'config'>, input: { severity?: string; services?: readonly string[] }): Promise<Problem[]> {
  const out: Problem[] = [];
  if (input.severity !== undefined && !severityOf(ctx.config, input.severity)) {
    out.push(problem(`unknown severity "${input.severity}"; choose one of ${ctx.config.incidents.severities.map((s) => s.level).join(', ')}`, { field: 'body.severity' }));
  }
  const services = input.services ?? [];
  const known = await existingEntityRefs(ctx.db, [...services]);
  services.forEach((ref, i) => {
    if (!known.has(ref)) out.push(problem(`no entity ${ref} in the catalog`, { field: `body.services[${i}]` }));
  });
  return out;
}

function rowFor(ctx: WriteCtx, input: DeclareInput, number: number, drill?: { id: string; kind: string }): IncidentRow {
  const at = ctx.now.toISOString();
  const declaredAt = toMinute(at);
  const source = input.source ?? { via: 'api' as const };
  return {
    id: randomUUID(), number, title: input.title, severity: severityOf(ctx.config, input.severity)!.level, state: 'investigating', phase: 0,
    drill_id: drill?.id ?? null, drill_kind: drill?.kind ?? null, services: JSON.stringify([...new Set(input.services)]),
    impact_started_at: input.impactStartedAt ? toMinute(input.impactStartedAt) : null,
    detected_at: toMinute(input.detectedAt ?? source.firedAt ?? at), declared_at: declaredAt, mitigated_at: null, resolved_at: null, closed_at: null,
    impact: input.impact ? JSON.stringify({ ...input.impact, assessedAt: declaredAt, assessedBy: ctx.actor }) : null,
    source: JSON.stringify(source), alerts: JSON.stringify(input.alerts ?? []), chat_channel: input.chatChannel ?? null,
    failover: JSON.stringify(input.failover ?? ctx.config.incidents.failover), confirmation: null, root_cause: null,
    last_update_at: null, reminded_at: null, version: 1, created_by: ctx.actor, created_at: at, updated_at: at,
  };
}

function firstEntries(row: IncidentRow, input: DeclareInput, actor: string): NewEntry[] {
  const source = JSON.parse(row.source) as { via: string; url?: string; title?: string };
  const from = source.url ? ` from ${source.title ?? source.via} (${source.url})` : ` via ${source.via}`;
  const entries: NewEntry[] = [{ kind: 'declared', text: `Declared ${row.severity}: ${row.title}${from}`, author: actor, data: { source } }];
  if (input.takeManager) entries.push({ kind: 'role', text: `${actor} is the incident manager`, author: actor, data: { role: 'manager', person: actor } });
  if (input.impact) entries.push({ kind: 'impact', text: 'Impact assessed at declaration', author: actor, data: { impact: input.impact } });
  return entries;
}

/** Declares; refuses with every problem at once (400 naming the fields). Returns the stored row. */
export async function declareIncident(ctx: WriteCtx, input: DeclareInput, opts: { drill?: { id: string; kind: string } } = {}): Promise<IncidentRow> {
  const problems = await declareProblems(ctx, input);
  if (problems.length) throw InputError.fromProblems('cannot declare the incident', problems);
  const draft = rowFor(ctx, input, 0, opts.drill);
  const fields = new Set(['impactStartedAt', 'detectedAt'].filter((f) => input[f as keyof DeclareInput] !== undefined));
  const timeIssues = timeProblems({ impactStartedAt: draft.impact_started_at, detectedAt: draft.detected_at, declaredAt: draft.declared_at, mitigatedAt: null, resolvedAt: null }, ctx.now, fields);
  if (timeIssues.length) throw InputError.fromProblems('cannot declare the incident', timeIssues);
  const row = { ...draft, number: await nextIncidentNumber(ctx.db) };
  await insertIncident(ctx.db, row);
  if (input.takeManager) await insertRole(ctx.db, { id: randomUUID(), incident_id: row.id, role: 'manager', person: ctx.actor, assigned_by: ctx.actor, assigned_at: row.declared_at, ended_at: null });
  await appendTimeline(ctx.db, row.id, firstEntries(row, input, ctx.actor), ctx.now);
  await createIncidentPostmortem(ctx.db, row, ctx.now);
  await announce(ctx, row, { kind: 'declared', text: `${row.title}. Severity ${row.severity}. Services: ${(JSON.parse(row.services) as string[]).join(', ') || 'not named yet'}.` });
  await ctx.events.publish(ctx.db, [{ type: INCIDENT_DECLARED, payload: { id: row.id, number: row.number, severity: row.severity, services: JSON.parse(row.services), drill: row.drill_kind } }], ctx.now);
  return row;
}
