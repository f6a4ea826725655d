// SLOs over HTTP: each SLO with its error budget computed from Prometheus (one instant query per
// SLO for the figures; one query_range for the chart, whose samples are events per step, kept as
// answered), as the list and the budget chart read them.
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
  /** The histogram behind the SLI (its bucket selector), when there is one: its inverted curve is at /slos/{name}/curve. */
  histogram: z.string().nullable(),
  /** The query_range query Tally sent for the chart (the samples). */
  query: z.string(),
  /** The instant query Tally sent at the window's end for the figures: the SLI and budget left of ratio SLIs, and the burn rates. */
  instantQuery: z.string(),
  /** Seconds between samples: a minute or more for windows up to a week (under 10,000 samples), at most 1,440 samples past a week (28 days → 30 minutes). */
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
  /** Every step as Prometheus answered it: [unix seconds, bad events, total events] within the `step` seconds ending then (sums over the step, not averages). */
  samples: z.array(z.tuple([z.number(), z.number(), z.number()])),
  observedAt: z.string(),
});
export type SloBudget = z.infer<typeof sloBudgetSchema>;

/** The list: budgets without their samples. */
export const sloListSchema = z.object({ slos: z.array(sloBudgetSchema.omit({ samples: true })) });
export type SloList = z.infer<typeof sloListSchema>;

/** One point of the inverted curve: the share of observations at or under a bucket bound (exact there). */
export const curvePointSchema = z.object({ le: z.number(), share: z.number() });

/** Inverted SLO: the histogram behind an SLO read the other way round, over a chosen period. */
export const sloCurveSchema = z.object({
  slo: z.string(),
  service: z.string(),
  displayName: z.string(),
  server: z.string(),
  /** The histogram's bucket selector, e.g. http_request_duration_seconds_bucket{job="payments"}. */
  histogram: z.string().nullable(),
  period: z.object({ seconds: z.number(), start: z.string(), end: z.string() }),
  /** The instant query Tally sent for the period. */
  query: z.string().nullable(),
  /** ok; no-data: no observations in the period; error: could not evaluate (no histogram, Prometheus down or refusing). */
  state: z.enum(['ok', 'no-data', 'error']),
  message: z.string(),
  /** Observations in the period (the +Inf bucket). */
  observations: z.number().nullable(),
  /** Threshold → share at or under it, at every finite bucket bound; between bounds Prometheus interpolates linearly. */
  points: z.array(curvePointSchema),
  /** The SLO's own objective read on the curve: its latency threshold and the share of requests it asks for. */
  objective: z.object({
    threshold: z.number().nullable(),
    quantile: z.number(),
    /** Share of observations at or under `threshold` in the period (interpolated between bounds). */
    shareUnder: z.number().nullable(),
    /** The latency `quantile` of the observations stayed under (histogram_quantile). */
    latency: z.number().nullable(),
  }),
  /** Answers to the questions asked (?under=, ?quantile=). */
  under: z.object({ threshold: z.number(), share: z.number().nullable() }).nullable(),
  quantile: z.object({ quantile: z.number(), latency: z.number().nullable() }).nullable(),
  /** A realistic objective from the last 28 days, day by day. */
  suggestion: z
    .object({
      quantile: z.number(),
      /** The latency `quantile` of the observations stayed under over the 28 days. */
      latency: z.number().nullable(),
      /** The smallest bucket bound met over the 28 days (a bound is measured, not interpolated); null when only +Inf holds them. */
      threshold: z.number().nullable(),
      daysMet: z.number(),
      /** Days of the objective's own threshold met (null without one). */
      objectiveDaysMet: z.number().nullable(),
      days: z.array(z.object({ end: z.string(), observations: z.number(), latency: z.number().nullable() })),
      message: z.string(),
    })
    .nullable(),
  observedAt: z.string(),
});
export type SloCurve = z.infer<typeof sloCurveSchema>;
