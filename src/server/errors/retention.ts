// Retention: raw events (the payloads) go after `errors.retention.rawEventDays`; the exact
// per-minute counts after `errors.retention.countDays` (longer); issues, their per-release counts
// and their users stay. Deleted in chunks so one run never holds the database for long.
import type { AppDeps } from '../platform/deps.ts';
import type { Job } from '../platform/jobs/scheduler.ts';

const DAY_MS = 86_400_000;
const CHUNK = 5000;

export interface Pruned {
  events: number;
  minutes: number;
}

export async function pruneErrors(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>): Promise<Pruned> {
  const now = deps.clock().getTime();
  const r = deps.config.errors.retention;
  const eventsBefore = new Date(now - r.rawEventDays * DAY_MS).toISOString();
  const minutesBefore = new Date(now - r.countDays * DAY_MS).toISOString().slice(0, 16);
  let events = 0;
  for (;;) {
    const ids = await deps.db.selectFrom('error_events').select(['project_id', 'event_id']).where('received_at', '<', eventsBefore).limit(CHUNK).execute();
    if (ids.length === 0) break;
    for (const pid of new Set(ids.map((i) => i.project_id))) {
      const res = await deps.db.deleteFrom('error_events').where('project_id', '=', pid).where('event_id', 'in', ids.filter((i) => i.project_id === pid).map((i) => i.event_id)).executeTakeFirst();
      events += Number(res.numDeletedRows);
    }
    if (ids.length < CHUNK) break;
  }
  const m = await deps.db.deleteFrom('error_minutes').where('minute', '<', minutesBefore).executeTakeFirst();
  return { events, minutes: Number(m.numDeletedRows) };
}

export const errorsRetentionJob: Job = {
  name: 'errors-retention',
  everyMs: 3_600_000,
  run: async (deps) => {
    const pruned = await pruneErrors(deps);
    if (pruned.events + pruned.minutes > 0) deps.log.info(pruned, 'old error events and counts deleted');
  },
};
