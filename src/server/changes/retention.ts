// Retention: changes are kept forever by default (history is what incidents are read against);
// with `changes.retentionDays` set, the `changes-retention` job deletes older ones.
import type { AppDeps } from '../platform/deps.ts';
import type { Job } from '../platform/jobs/scheduler.ts';
import { deleteChangesBefore } from './repository.ts';

const DAY_MS = 86_400_000;

export async function pruneChanges(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>): Promise<number> {
  const days = deps.config.changes.retentionDays;
  if (days === null) return 0;
  const before = new Date(deps.clock().getTime() - days * DAY_MS).toISOString();
  return deps.db.transaction().execute((trx) => deleteChangesBefore(trx, before));
}

export const changesRetentionJob: Job = {
  name: 'changes-retention',
  everyMs: 6 * 3_600_000,
  run: async (deps) => {
    const deleted = await pruneChanges(deps);
    if (deleted > 0) deps.log.info({ deleted, retentionDays: deps.config.changes.retentionDays }, 'old changes deleted');
  },
};
