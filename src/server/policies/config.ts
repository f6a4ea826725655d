// The `policies` section of tally.yaml.
import { z } from 'zod';

export const policiesConfigSchema = z
  .strictObject({
    /** Logged deploy decisions older than this many days are deleted (the deploys report reads the log). */
    decisionLogRetentionDays: z.number().int().min(1).max(3650).default(90),
  })
  .prefault({});
export type PoliciesConfig = z.output<typeof policiesConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    policies: PoliciesConfig;
  }
}
