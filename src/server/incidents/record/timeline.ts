// The timeline: append-only, one entry per thing that happened — state, role, impact and
// severity changes, notes, announcements, linked changes, reverts, runtime-control actions —
// with its author, the minute it happened, and when it was written down. A note about something
// earlier keeps the time it happened; `recordedAt` says when it was added.
import type { TimelineEntry } from '../../../common/api/incidents.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { TimelineRow } from '../tables.ts';
import { orderedId } from './ids.ts';
import { toMinute } from './model.ts';
import { insertTimeline } from './repository.ts';

export const TIMELINE_KINDS = [
  'declared', 'state', 'severity', 'impact', 'role', 'note', 'announcement', 'field', 'cause', 'revert', 'control',
  'hypothesis', 'workstream', 'follow-up', 'postmortem', 'reminder', 'failover', 'subscriber', 'drill',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface NewEntry {
  kind: TimelineKind;
  text: string;
  author: string;
  /** When it happened; default: when it was recorded. */
  at?: string;
  data?: Record<string, unknown>;
}

export function timelineRow(incidentId: string, e: NewEntry, now: Date): TimelineRow {
  const recorded = now.toISOString();
  return {
    id: orderedId(now), incident_id: incidentId, kind: e.kind, happened_at: toMinute(e.at ?? recorded), recorded_at: recorded,
    author: e.author, text: e.text.slice(0, 5000), data: e.data ? JSON.stringify(e.data) : null,
  };
}

export async function appendTimeline(db: Db, incidentId: string, entries: readonly NewEntry[], now: Date): Promise<void> {
  if (entries.length) await insertTimeline(db, entries.map((e) => timelineRow(incidentId, e, now)));
}

export const presentEntry = (r: TimelineRow): TimelineEntry => ({
  id: r.id, kind: r.kind, at: r.happened_at, recordedAt: r.recorded_at, author: r.author, text: r.text, data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
});
