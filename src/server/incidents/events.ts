// Handlers of other modules' events: a failed automated deploy opens a "postmortem required"
// record (even with no incident); a chat delivery that failed over lands in the incident's
// timeline, saying which channel took over.
import { CHANGE_FAILED } from '../changes/index.ts';
import { NOTIFICATION_FAILED_OVER, type FailedOverPayload } from '../notifications/index.ts';
import type { EventContext, EventHandler } from '../platform/events/events.ts';
import { requirePostmortemForChange, type FailedChange } from './learning/postmortems.ts';
import { findIncidentRow } from './record/repository.ts';
import { appendTimeline } from './record/timeline.ts';

async function onFailedOver(ctx: EventContext, p: FailedOverPayload): Promise<void> {
  const id = p.source?.startsWith('incident:') ? p.source.slice('incident:'.length) : undefined;
  const incident = id ? await findIncidentRow(ctx.db, { id }) : undefined;
  if (!incident) return;
  const to = p.fallback.map((f) => (f.kind === 'email' ? 'mail' : f.kind)).join(', ');
  await appendTimeline(ctx.db, incident.id, [{ kind: 'failover', text: `Chat delivery failed (${p.failed.error}); the failover channel (${to}) took over`, author: 'tally', data: { failed: p.failed, fallback: p.fallback } }], ctx.now);
}

export const incidentEvents: EventHandler[] = [
  { event: CHANGE_FAILED, name: 'incidents.postmortem-required', handle: (ctx, e) => requirePostmortemForChange(ctx.db, e.payload as unknown as FailedChange, ctx.now).then(() => undefined) },
  { event: NOTIFICATION_FAILED_OVER, name: 'incidents.failed-over', handle: (ctx, e) => onFailedOver(ctx, e.payload as unknown as FailedOverPayload) },
];
