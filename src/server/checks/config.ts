// The `checks` section of tally.yaml: what I/O checks may reach and how long they may take.
import { z } from 'zod';

export const checksConfigSchema = z
  .strictObject({
    outbound: z
      .strictObject({
        /** host, host:port, *.domain patterns; empty = any host (address rules still apply). */
        allow: z.array(z.string().min(1)).default([]),
        allowPrivate: z.boolean().default(false),
        allowLinkLocal: z.boolean().default(false),
      })
      .prefault({}),
    /** Prometheus servers by name, referred to by `prometheus` checks. */
    prometheus: z.record(z.string().min(1), z.strictObject({ url: z.url(), headers: z.record(z.string(), z.string()).optional() })).default({}),
    /** Limit for one probe, query, git read or command. */
    timeoutMs: z.number().int().positive().max(300_000).default(10_000),
    /** Limit for one check type's whole batch in one run; past it its items are `error`. */
    batchTimeoutMs: z.number().int().positive().max(3_600_000).default(120_000),
    /** Scorecards collected at the same time in one evaluation run. */
    concurrency: z.number().int().min(1).max(64).default(4),
  })
  .prefault({});
export type ChecksConfig = z.output<typeof checksConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    checks: ChecksConfig;
  }
}
