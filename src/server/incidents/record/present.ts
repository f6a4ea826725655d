// The incident as the API, the CLI and the web UI read it: row + active roles → IncidentView.
import type { Failover, Impact, IncidentState, IncidentView } from '../../../common/api/incidents.ts';
import type { Config } from '../../platform/config.ts';
import type { IncidentRoleRow, IncidentRow } from '../tables.ts';
import { durations, isActive } from './model.ts';
import { incidentRef } from './load.ts';

const MINUTE = 60_000;

export function severityOf(config: Config, level: string) {
  return config.incidents.severities.find((s) => s.level.toUpperCase() === level.toUpperCase());
}

/** When the next update is due (null: no cadence for the severity, or not active). */
export function updateDueAt(row: IncidentRow, config: Config): string | null {
  const every = severityOf(config, row.severity)?.updateEveryMinutes ?? null;
  if (every === null || !isActive(row.state)) return null;
  return new Date(Date.parse(row.last_update_at ?? row.declared_at) + every * MINUTE).toISOString();
}

const person = (r: IncidentRoleRow) => ({ id: r.id, person: r.person, since: r.assigned_at, by: r.assigned_by });

export function presentIncident(row: IncidentRow, roles: readonly IncidentRoleRow[], config: Config, now: Date): IncidentView {
  const times = { impactStartedAt: row.impact_started_at, detectedAt: row.detected_at, declaredAt: row.declared_at, mitigatedAt: row.mitigated_at, resolvedAt: row.resolved_at, closedAt: row.closed_at };
  const due = updateDueAt(row, config);
  const severity = severityOf(config, row.severity);
  return {
    id: row.id,
    number: row.number,
    ref: incidentRef(row),
    title: row.title,
    severity: row.severity,
    severityMeaning: severity?.meaning ?? null,
    state: row.state as IncidentState,
    drill: row.drill_id ? { id: row.drill_id, kind: row.drill_kind ?? 'outage' } : null,
    services: JSON.parse(row.services) as string[],
    times,
    durations: durations(times, now),
    impact: row.impact ? (JSON.parse(row.impact) as Impact & { assessedAt: string; assessedBy: string }) : null,
    roles: {
      manager: roles.filter((r) => r.role === 'manager').map(person)[0] ?? null,
      comms: roles.filter((r) => r.role === 'comms').map(person)[0] ?? null,
      responders: roles.filter((r) => r.role === 'responder').map(person),
    },
    source: JSON.parse(row.source) as IncidentView['source'],
    alerts: JSON.parse(row.alerts) as IncidentView['alerts'],
    comms: {
      chatChannel: row.chat_channel,
      failover: JSON.parse(row.failover) as Failover,
      updateEveryMinutes: severity?.updateEveryMinutes ?? null,
      lastUpdateAt: row.last_update_at,
      updateDueAt: due,
      updateOverdue: due !== null && Date.parse(due) < now.getTime(),
    },
    confirmation: row.confirmation ? (JSON.parse(row.confirmation) as IncidentView['confirmation']) : null,
    rootCause: row.root_cause,
    version: row.version,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    url: `${config.server.publicUrl.replace(/\/$/, '')}/incidents/${row.number}`,
  };
}
