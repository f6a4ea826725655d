// The scheduled backup: make one, verify it, keep the newest `keep` (a leased job: one process
// runs it per interval). A verified backup is reported as the `backup-restored` fact of
// `backup.entity` (Tally's own catalog entry), the evidence the default scorecard asks of every
// stateful service.
import { parseDuration } from '../../common/duration.ts';
import { recordFacts } from '../facts/index.ts';
import type { Config } from '../platform/config.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { Job } from '../platform/jobs/scheduler.ts';
import { backupDir, createBackup, pruneBackups, verifyBackup, type Manifest } from './backup.ts';

export const BACKUP_JOB = 'backup';
export const BACKUP_FACT = 'backup-restored';

export function backupJobs(config: Config): Job[] {
  const every = config.backup.every ? parseDuration(config.backup.every) : undefined;
  if (!every) return [];
  return [{ name: BACKUP_JOB, everyMs: every, leaseMs: 10 * 60_000, run: async (deps) => void (await backupAndVerify(deps)) }];
}

/** Makes a backup, verifies it, prunes old ones and reports the outcome; the verified manifest. */
export async function backupAndVerify(deps: AppDeps): Promise<Manifest> {
  const made = await createBackup(deps.config, deps.clock());
  const verified = await verifyBackup(deps.config, made.file, deps.clock);
  const removed = pruneBackups(backupDir(deps.config), deps.config.backup.keep);
  deps.log[verified.verify!.ok ? 'info' : 'error']({ backup: made.file, verified: verified.verify!.ok, mismatches: verified.verify!.mismatches, removed }, 'scheduled backup');
  await reportVerification(deps, verified);
  return verified;
}

/** The verification as `backup.entity`'s fact; a missing entity is logged, not fatal (the backup itself is fine). */
export async function reportVerification(deps: Pick<AppDeps, 'db' | 'events' | 'config' | 'clock' | 'log'>, m: Manifest): Promise<void> {
  const entity = deps.config.backup.entity;
  if (!entity || !m.verify) return;
  const value = { ok: m.verify.ok, file: m.file, restoredRows: Object.values(m.tables).reduce((n, t) => n + t.rows, 0), ms: m.verify.ms, mismatches: m.verify.mismatches.length };
  try {
    await recordFacts(deps.db, deps.events, [{ entity, name: BACKUP_FACT, value, observedAt: m.verify.at }], deps.clock(), 'backup');
  } catch (err) {
    deps.log.warn({ entity, err: (err as Error).message }, 'backup.entity: the verified backup could not be reported as a fact');
  }
}
