// The `backup` section of tally.yaml: where Tally's own backups go, how often the scheduled job
// makes (and verifies) one, and how many it keeps.
import { z } from 'zod';
import { parseDuration } from '../../common/duration.ts';

export const backupConfigSchema = z
  .strictObject({
    /** Folder of the backups (and their manifests), relative to tally.yaml. */
    dir: z.string().min(1).max(1024).default('./backups'),
    /** Make, verify and prune a backup this often (a duration: 1d, 6h); absent: only by hand. */
    every: z
      .string()
      .refine((s) => (parseDuration(s) ?? 0) >= 60_000, 'a duration of at least a minute, like 1d or 6h')
      .optional(),
    /** Backups kept; older ones (and their manifests) are removed after each scheduled backup. */
    keep: z.number().int().min(1).max(1000).default(7),
    /**
     * The catalog entity that is this Tally (e.g. `component:default/tally`): each verified backup
     * is reported as its `backup-restored` fact, so scorecards judge Tally's backups like any other.
     */
    entity: z.string().min(1).max(300).optional(),
  })
  .prefault({});

export type BackupConfig = z.infer<typeof backupConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    backup: BackupConfig;
  }
}
