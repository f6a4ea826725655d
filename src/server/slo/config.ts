// The `slo` section of tally.yaml: the Prometheus server SLIs are read from by default (a name
// under `checks.prometheus`), where runbooks live, and the default burn-rate windows (the share
// of the budget that may burn within a long window, checked over a short one too).
import { z } from 'zod';
import { DURATION_HINT, parseDuration } from './duration.ts';
import { DEFAULT_WINDOWS, type DefaultWindow } from './slo-set.ts';

const duration = z.string().refine((v) => parseDuration(v) !== undefined, { message: DURATION_HINT });

export const sloConfigSchema = z
  .strictObject({
    /** The `checks.prometheus` server an SLI reads when its DataSource names none. */
    server: z.string().min(1).max(100).default('default'),
    /** Generated alerts link `<runbookBase>/<slo>` unless the SLO names its own runbook (annotation tally.dev/runbook). */
    runbookBase: z.url().optional(),
    windows: z
      .array(z.strictObject({ severity: z.string().min(1).max(50), budgetPercent: z.number().gt(0).max(100), long: duration, short: duration }))
      .min(1)
      .max(10)
      .optional(),
  })
  .prefault({});

export type SloConfig = z.infer<typeof sloConfigSchema>;

export function configuredWindows(config: SloConfig): DefaultWindow[] {
  return config.windows?.map((w) => ({ severity: w.severity, budgetPercent: w.budgetPercent, long: parseDuration(w.long)!, short: parseDuration(w.short)! })) ?? DEFAULT_WINDOWS;
}

declare module '../platform/config.ts' {
  interface ConfigSections {
    slo: SloConfig;
  }
}
