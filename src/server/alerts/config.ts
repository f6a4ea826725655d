// The `alerts` section of tally.yaml: the rule files the server lints (files, folders or globs
// relative to tally.yaml, like catalog.sources), the Prometheus whose ALERTS series the statistics
// read (a name under `checks.prometheus`), the Alertmanager the dashboard reads, and the windows
// of the statistics.
import { z } from 'zod';

export const alertsConfigSchema = z
  .strictObject({
    /** Prometheus rule files (files, folders, globs; relative to tally.yaml), linted by the server and read by the `alerts` check. */
    ruleFiles: z.array(z.string().min(1).max(1000)).max(100).default([]),
    /** The `checks.prometheus` server whose `ALERTS` series and `/api/v1/rules` are read. */
    prometheus: z.string().min(1).max(100).default('default'),
    /** Alertmanager's base URL (its API v2 is read for the dashboard of alerts firing now). */
    alertmanager: z.strictObject({ url: z.url().max(2000), headers: z.record(z.string().max(200), z.string().max(4000)).optional() }).optional(),
    /** Days of history the statistics cover by default. */
    statsDays: z.number().int().min(1).max(90).default(28),
    /** A firing that starts within this many minutes of the same alert's last resolve is a flap. */
    flapMinutes: z.number().int().min(1).max(1440).default(60),
  })
  .prefault({});

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    alerts: AlertsConfig;
  }
}
