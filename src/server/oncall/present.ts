// Rows and schedules as the API shows them.
import type { Page, RotationSummary, Shift } from '../../common/api/oncall.ts';
import type { CatalogSnapshot } from '../catalog/index.ts';
import { personOf } from './people.ts';
import type { Override, Rotation } from './rotation/document.ts';
import { onCallAt, shiftsBetween, type Segment } from './rotation/schedule.ts';
import type { StoredRotation } from './rotation/store.ts';
import type { PageRow } from './tables.ts';

export function presentShift(catalog: CatalogSnapshot | undefined, s: Segment): Shift {
  return { start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), person: personOf(catalog, s.user), layer: s.layer, override: s.override ?? null };
}

const shiftName = (l: Rotation['layers'][number]) => (l.shift.unit === 'days' ? (l.shift.n === 1 ? 'daily' : l.shift.n === 7 ? 'weekly' : `every ${l.shift.n} days`) : `every ${l.shift.n} hours`);

const targetName = (t: Rotation['escalation']['levels'][number]['notify'][number]) => (t.kind === 'oncall' ? 'oncall' : t.kind === 'rotation' ? `rotation:${t.name}` : t.ref);

/** Now and the next shift (looked for over the next 8 weeks). */
export function nowAndNext(r: Rotation, overrides: readonly Override[], now: number): { now: Segment | undefined; next: Segment | undefined } {
  const current = onCallAt(r, overrides, now);
  const after = current ? current.end : now;
  const next = shiftsBetween(r, overrides, after, now + 56 * 86_400_000).find((s) => s.start >= after && s.user !== current?.user);
  return { now: current, next };
}

export function presentRotation(catalog: CatalogSnapshot | undefined, s: StoredRotation, overrides: readonly Override[], now: number): RotationSummary {
  const r = s.rotation;
  const nn = nowAndNext(r, overrides, now);
  return {
    name: r.name, title: r.title, owner: r.owner, timeZone: r.timeZone, origin: s.origin, file: s.file,
    layers: r.layers.map((l) => ({ name: l.name, members: l.members, shift: shiftName(l), handoff: l.handoff, timeZone: l.timeZone })),
    services: r.services,
    now: nn.now ? presentShift(catalog, nn.now) : null,
    next: nn.next ? presentShift(catalog, nn.next) : null,
    escalation: { levels: r.escalation.levels.map((l) => ({ notify: l.notify.map(targetName), afterMinutes: l.afterMinutes })), repeat: r.escalation.repeat },
    calendarUrl: `/api/v1/rotations/${r.name}/calendar.ics`,
  };
}

export function presentPage(catalog: CatalogSnapshot | undefined, row: PageRow, nextEscalationAt: string | null): Page {
  return {
    id: row.id, number: row.number, title: row.title, details: row.details, status: row.status as Page['status'], origin: row.origin, dedupKey: row.dedup_key, service: row.service, rotation: row.rotation,
    level: row.level, round: row.round, assignees: (JSON.parse(row.assignees) as string[]).map((u) => personOf(catalog, u)), labels: JSON.parse(row.labels) as Record<string, string>,
    triggeredAt: row.triggered_at, acknowledgedAt: row.acknowledged_at, acknowledgedBy: row.acknowledged_by, resolvedAt: row.resolved_at, resolvedBy: row.resolved_by,
    escalations: row.escalations, offHours: row.off_hours === 1, nextEscalationAt: row.status === 'triggered' ? nextEscalationAt : null, incident: row.incident_key,
  };
}
