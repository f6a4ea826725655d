// The `errors` section of tally.yaml: ingest limits (sizes, a per-project rate), retention of raw
// events and of the per-minute counts, and how long a request may wait for its batch to be
// stored. Declared in the errors module; every key has a default.
import { z } from 'zod';

export const errorsConfigSchema = z
  .strictObject({
    ingest: z
      .strictObject({
        /** One request's body as sent (compressed or not); past it: 413. */
        maxEnvelopeBytes: z.number().int().min(1024).max(200 * 1024 * 1024).default(20 * 1024 * 1024),
        /** A body after inflating; inflating stops as soon as it passes this: 413. */
        maxInflatedBytes: z.number().int().min(1024).max(500 * 1024 * 1024).default(50 * 1024 * 1024),
        /** One event item; past it the event is refused (413). */
        maxEventBytes: z.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
        /** Events a project may send per minute (per server process); past it: 429 with Retry-After. */
        eventsPerMinute: z.number().int().min(1).max(10_000_000).default(60_000),
        /** The most events stored in one transaction (requests arriving together share one). */
        batchSize: z.number().int().min(1).max(5000).default(500),
        /**
         * How long the first waiting request waits for others to share its transaction (ms; 0:
         * the next turn of the event loop). A full batch starts at once.
         */
        lingerMs: z.number().int().min(0).max(1000).default(2),
      })
      .prefault({}),
    retention: z
      .strictObject({
        /** Raw events (the payloads) are deleted after this many days. */
        rawEventDays: z.number().int().min(1).max(3650).default(30),
        /** Per-minute counts are kept, exactly, this many days. */
        countDays: z.number().int().min(1).max(3650).default(90),
      })
      .prefault({}),
  })
  .prefault({});

export type ErrorsConfig = z.infer<typeof errorsConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    errors: ErrorsConfig;
  }
}
