// Tally's own backups (issue 19): `tally backup create|verify|restore|list`, a scheduled backup
// with retention, and the last verified restore for /status.
import type { TallyModule } from '../module.ts';
import type { Config } from '../platform/config.ts';
import { backupDir, lastVerified } from './backup.ts';
import { backupCommands } from './backup.cli.ts';
import { backupConfigSchema } from './config.ts';
import { backupJobs } from './jobs.ts';

export { BACKUP_JOB, backupAndVerify, backupJobs, reportVerification } from './jobs.ts';

export const backupModule: TallyModule = {
  name: 'backup',
  config: { backup: backupConfigSchema },
  jobs: (config) => backupJobs(config),
  commands: backupCommands,
};

/** The newest backup whose restore was verified, and its age; undefined when there is none. */
export function lastVerifiedBackup(config: Config, now: Date): { file: string; createdAt: string; verifiedAt: string; ageSeconds: number } | undefined {
  const m = lastVerified(backupDir(config));
  if (!m?.verify) return undefined;
  return { file: m.file, createdAt: m.createdAt, verifiedAt: m.verify.at, ageSeconds: Math.round((now.getTime() - Date.parse(m.createdAt)) / 1000) };
}
