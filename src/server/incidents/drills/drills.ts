// Drills and game days: outage, hit-by-the-bus (the primary on-call is unreachable), restore and
// chat-down. A drill is scheduled; when its time comes (a leased job) it runs as an incident
// marked as a drill — kept out of DORA and the incident statistics — and its outcome is recorded
// as facts for checks: `<kind>-drill` on each service, `{ ok, notes, drill, incident }`.
import { randomUUID } from 'node:crypto';
import type { DrillView } from '../../../common/api/incidents-learning.ts';
import { recordFacts } from '../../facts/index.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { ConflictError, InputError, NotFoundError } from '../../platform/problems.ts';
import { staleVersion } from '../learning/postmortems.ts';
import type { WriteCtx } from '../record/context.ts';
import { declareIncident, declareProblems } from '../record/declare.ts';
import { findIncidentRow } from '../record/repository.ts';
import { appendTimeline } from '../record/timeline.ts';
import type { DrillRow } from '../tables.ts';
import { drillById, dueDrills, insertDrill, updateDrillVersioned } from './repository.ts';

const TITLES: Record<string, string> = {
  outage: 'Outage drill',
  'hit-by-the-bus': 'Hit-by-the-bus drill: the primary on-call is unreachable',
  restore: 'Restore drill: bring the data back from backup',
  'chat-down': 'Chat-down drill: run the incident on the failover channel',
};
/** The fact each drill kind records, read by `fact` checks (e.g. the demo scorecard's outage-drill). */
export const factName = (kind: string): string => (kind === 'outage' ? 'outage-drill' : `${kind}-drill`);

export async function scheduleDrill(ctx: WriteCtx, d: { kind: string; title?: string; services: string[]; scheduledAt: string; severity?: string }): Promise<DrillRow> {
  const severity = d.severity ?? ctx.config.incidents.severities.at(-1)!.level;
  const problems = await declareProblems(ctx, { severity, services: d.services });
  if (problems.length) throw InputError.fromProblems('cannot schedule the drill', problems);
  const at = ctx.now.toISOString();
  const row: DrillRow = {
    id: randomUUID(), kind: d.kind, title: d.title ?? `${TITLES[d.kind]} (${d.services.join(', ')})`, services: JSON.stringify(d.services), severity,
    scheduled_at: d.scheduledAt, state: 'scheduled', incident_id: null, outcome: null, created_by: ctx.actor, created_at: at, updated_at: at, version: 1,
  };
  await insertDrill(ctx.db, row);
  return row;
}

/** Starts a drill now: its incident is declared (marked as a drill); returns the incident id. */
export async function startDrill(ctx: WriteCtx, drill: DrillRow): Promise<string> {
  if (drill.state !== 'scheduled') throw new ConflictError(`the drill is ${drill.state}, not scheduled`);
  const services = JSON.parse(drill.services) as string[];
  const failover = drill.kind === 'chat-down' ? { failover: { kind: 'status-page' as const }, chatChannel: undefined } : {};
  const incident = await declareIncident(ctx, { title: drill.title, severity: drill.severity, services, source: { via: 'drill' }, takeManager: true, ...failover }, { drill: { id: drill.id, kind: drill.kind } });
  if (!(await updateDrillVersioned(ctx.db, drill.id, drill.version, { state: 'running', incident_id: incident.id, updated_at: ctx.now.toISOString() }))) throw staleVersion('drill', drill.version, drill.version);
  return incident.id;
}

/** The outcome, as facts on each service, and in the drill incident's timeline. */
export async function recordDrillOutcome(ctx: WriteCtx, id: string, o: { version: number; ok: boolean; notes: string }): Promise<void> {
  const drill = await drillById(ctx.db, id);
  if (!drill) throw new NotFoundError(`no drill ${id}`);
  if (drill.state === 'cancelled') throw new ConflictError('the drill was cancelled');
  const at = ctx.now.toISOString();
  const outcome = { ok: o.ok, notes: o.notes, by: ctx.actor, at };
  if (!(await updateDrillVersioned(ctx.db, id, o.version, { state: 'done', outcome: JSON.stringify(outcome), updated_at: at }))) throw staleVersion('drill', drill.version, o.version);
  const incident = drill.incident_id ? await findIncidentRow(ctx.db, { id: drill.incident_id }) : undefined;
  const value = { ok: o.ok, notes: o.notes, drill: drill.id, ...(incident ? { incident: `INC-${incident.number}` } : {}) };
  await recordFacts(ctx.db, ctx.events, (JSON.parse(drill.services) as string[]).map((entity) => ({ entity, name: factName(drill.kind), value, observedAt: at })), ctx.now, 'incidents');
  if (incident) await appendTimeline(ctx.db, incident.id, [{ kind: 'drill', text: `Drill outcome: ${o.ok ? 'passed' : 'failed'} — ${o.notes}`, author: ctx.actor, data: value }], ctx.now);
}

/** The job: starts every drill whose time has come, each in its own transaction. */
export async function startDueDrills(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'events' | 'log'>): Promise<number> {
  const now = deps.clock();
  let started = 0;
  for (const drill of await dueDrills(deps.db, now.toISOString())) {
    try {
      await deps.db.transaction().execute((tx) => startDrill({ db: tx, config: deps.config, now, actor: drill.created_by, events: deps.events }, drill));
      started++;
    } catch (err) {
      // A drill that cannot start (its services left the catalog) would fail every minute: cancel it.
      deps.log.warn({ err, drill: drill.id }, 'a scheduled drill could not start; cancelled');
      if (err instanceof InputError) await updateDrillVersioned(deps.db, drill.id, drill.version, { state: 'cancelled', updated_at: now.toISOString() });
    }
  }
  return started;
}

export function presentDrill(r: DrillRow, incidentNumber: number | null): DrillView {
  return {
    id: r.id, kind: r.kind as DrillView['kind'], title: r.title, services: JSON.parse(r.services) as string[], scheduledAt: r.scheduled_at, state: r.state as DrillView['state'],
    incidentId: r.incident_id, incidentRef: incidentNumber !== null ? `INC-${incidentNumber}` : null, outcome: r.outcome ? (JSON.parse(r.outcome) as DrillView['outcome']) : null, createdBy: r.created_by, version: r.version,
  };
}
