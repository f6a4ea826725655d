// The scheduled backup: make one, verify it, keep the newest `keep` (a leased job: one process
// runs it per interval).
import { parseDuration } from '../../common/duration.ts';
import type { Config } from '../platform/config.ts';
import type { Job } from '../platform/jobs/scheduler.ts';
import { backupDir, createBackup, pruneBackups, verifyBackup } from './backup.ts';

export function backupJobs(config: Config): Job[] {
  const every = config.backup.every ? parseDuration(config.backup.every) : undefined;
  if (!every) return [];
  return [
    {
      name: 'backup',
      everyMs: every,
      leaseMs: 10 * 60_000,
      run: async (deps) => {
        const made = await createBackup(deps.config, deps.clock());
        const verified = await verifyBackup(deps.config, made.file, deps.clock);
        const removed = pruneBackups(backupDir(deps.config), deps.config.backup.keep);
        deps.log[verified.verify!.ok ? 'info' : 'error']({ backup: made.file, verified: verified.verify!.ok, mismatches: verified.verify!.mismatches, removed }, 'scheduled backup');
      },
    },
  ];
}
