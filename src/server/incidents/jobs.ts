// The incidents' timers, as leased jobs (one process runs each at a time, restarts lose nothing):
// reminders when an update is overdue, scheduled drills starting, and forgetting chat request
// signatures once they are too old to be replayed anyway.
import type { Job } from '../platform/jobs/scheduler.ts';
import { pruneChatRequests } from './chat/repository.ts';
import { remindOverdueUpdates } from './comms/updates.ts';
import { startDueDrills } from './drills/drills.ts';

export function incidentJobs(): Job[] {
  return [
    { name: 'incidents-comms-reminders', everyMs: 60_000, run: async (deps) => void (await remindOverdueUpdates(deps)) },
    { name: 'incidents-drills', everyMs: 60_000, run: async (deps) => void (await startDueDrills(deps)) },
    { name: 'incidents-chat-prune', everyMs: 3_600_000, run: async (deps) => void (await pruneChatRequests(deps.db, new Date(deps.clock().getTime() - 3_600_000).toISOString())) },
  ];
}
