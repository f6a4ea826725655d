// The `scorecards` section of tally.yaml: evaluation and waiver settings.
import { z } from 'zod';

export const scorecardsConfigSchema = z
  .strictObject({
    /** Longest a waiver may run (its expiry is required and at most this many days away). */
    waiverMaxDays: z.number().int().min(1).max(3650).default(90),
    /** How often a scorecard without `spec.schedule` is re-evaluated, in minutes. */
    defaultIntervalMinutes: z.number().int().min(1).max(10_080).default(10),
  })
  .prefault({});
export type ScorecardsConfig = z.output<typeof scorecardsConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    scorecards: ScorecardsConfig;
  }
}
