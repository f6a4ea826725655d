// The outbox's own jobs: run due handlers every second; prune finished events after a week.
import type { Job } from '../jobs/scheduler.ts';
import { dispatchEvents, pruneEvents } from './events.ts';

export const EVENT_RETENTION_MS = 7 * 86_400_000;

export function eventJobs(): Job[] {
  return [
    { name: 'events-dispatch', everyMs: 1000, run: async (deps) => void (await dispatchEvents(deps)) },
    { name: 'events-prune', everyMs: 3_600_000, run: async (deps) => void (await pruneEvents(deps.db, new Date(deps.clock().getTime() - EVENT_RETENTION_MS))) },
  ];
}
