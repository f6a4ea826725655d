// SLOs over HTTP: each SLO with its error budget computed from Prometheus (one query_range per
// SLO over its window; the raw samples are kept), as the list and the budget chart read them.
import { z } from 'zod';

export const burnRateSchema = z.object({
  /** A Prometheus duration: 5m, 1h, 3d. */
  window: z.string(),
  /** Error ratio over the window ÷ the error budget; 1 burns the budget exactly in the SLO window. Null when there is no data (or the window is shorter than a step). */
  rate: z.number().nullable(),
});

export const sloBudgetSchema = z.object({
  slo: z.string(),
  service: z.string(),
  displayName: z.string(),
  kind: z.enum(['ratio', 'threshold']),
  targetPercent: z.number(),
  /** 1 − target, e.g. 0.001 for 99.9 %. */
  errorBudget: z.number(),
  window: z.object({ seconds: z.number(), rolling: z.boolean(), start: z.string(), end: z.string() }),
  server: z.string(),
  /** The query_range query Tally sent. */
  query: z.string(),
  step: z.number(),
  /** ok: computed; no-data: Prometheus has nothing for the SLI; error: could not evaluate (Prometheus down, query refused). */
  state: z.enum(['ok', 'no-data', 'error']),
  message: z.string(),
  /** Achieved ratio of good events (or good timeslices) in the window. */
  sli: z.number().nullable(),
  /** 1 − (1 − sli) / errorBudget: 1 untouched, 0 spent, below 0 overspent. */
  budgetRemaining: z.number().nullable(),
  events: z.object({ bad: z.number(), total: z.number() }).nullable(),
  burnRates: z.array(burnRateSchema),
  /** Every step as Prometheus answered it: [unix seconds, bad events, total events]. */
  samples: z.array(z.tuple([z.number(), z.number(), z.number()])),
  observedAt: z.string(),
});
export type SloBudget = z.infer<typeof sloBudgetSchema>;

/** The list: budgets without their samples. */
export const sloListSchema = z.object({ slos: z.array(sloBudgetSchema.omit({ samples: true })) });
export type SloList = z.infer<typeof sloListSchema>;
