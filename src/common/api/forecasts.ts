// The forecasts and capacity API's wire types (zod schemas shared by the server's routes and the web UI).
import { z } from 'zod';

export const capacityPlanSchema = z.object({
  /** The heuristic whose packing set the count of machines. */
  heuristic: z.enum(['ffd-sum', 'ffd-product', 'ffd-l2', 'dot-product', 'norm-greedy']),
  machinesUsed: z.number().int(),
  /** Per dimension, total demand over capacity rounded up (the fewest machines any placement needs). */
  lowerBound: z.number().int(),
  /** machinesUsed / lowerBound. */
  ratio: z.number(),
  dimensions: z.array(z.string()),
  heuristics: z.array(z.object({ heuristic: z.string(), machinesUsed: z.number().int(), unplaced: z.number().int() })),
  placements: z.array(z.object({ workload: z.string(), machine: z.string() })),
  /** Workloads no machine had room for. */
  unplaced: z.array(z.string()),
  /** Workloads that change machine, from the current placement. */
  moves: z.array(z.object({ workload: z.string(), from: z.string(), to: z.string().nullable() })),
  /** Each used machine's utilisation per dimension, in percent. */
  machines: z.array(z.object({ machine: z.string(), utilisation: z.record(z.string(), z.number()) })),
});
export type CapacityPlan = z.infer<typeof capacityPlanSchema>;

export const backtestSchema = z.object({
  method: z.enum(['linear', 'holt', 'seasonal']),
  origins: z.number().int(),
  /** Mean absolute percentage error, in percent. */
  mape: z.number().nullable(),
  /** Share of actual values inside the 95 % interval, in percent (null: no interval). */
  coverage95: z.number().nullable(),
});

/** A resource's forecast, as the list shows it (sorted by time to exhaustion, flagged first). */
export const resourceForecastSchema = z.object({
  ref: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  tier: z.number().nullable(),
  /** Where its usage comes from. */
  source: z.enum(['prometheus', 'samples']),
  method: z.enum(['linear', 'seasonal']),
  kind: z.enum(['gauge', 'counter']),
  unit: z.string().nullable(),
  capacity: z.number().nullable(),
  /** The capacity split by site or supplier (tally.dev/capacity-sites); empty when not split. */
  sites: z.array(z.object({ name: z.string(), capacity: z.number() })),
  /** The last usage sample. */
  usage: z.number().nullable(),
  samples: z.number().int(),
  leadTimeDays: z.number(),
  safetyMarginDays: z.number(),
  /** flagged: the pessimistic date falls within lead time + safety margin (or usage is at capacity). */
  status: z.enum(['flagged', 'ok', 'not-within', 'cannot-forecast']),
  /** Why there is no date (cannot-forecast), or what the date means. */
  why: z.string(),
  expectedAt: z.string().nullable(),
  pessimisticAt: z.string().nullable(),
  daysLeft: z.number().nullable(),
  backtests: z.array(backtestSchema),
  proposed: z.string().nullable(),
});
export type ResourceForecast = z.infer<typeof resourceForecastSchema>;

export const resourceForecastListSchema = z.object({ evaluatedAt: z.string(), items: z.array(resourceForecastSchema) });
export type ResourceForecastList = z.infer<typeof resourceForecastListSchema>;

/** One resource with what the chart draws. Times are milliseconds since the epoch. */
export const resourceForecastDetailSchema = z.object({
  evaluatedAt: z.string(),
  forecast: resourceForecastSchema,
  /** [t, usage] (null: NaN), at most ~600 points. */
  history: z.array(z.tuple([z.number(), z.number().nullable()])),
  /** [t, point, lower95, upper95] from now on. */
  line: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])),
  /** When capacity must be ordered at the latest to arrive before the pessimistic date (null: no date). */
  orderBy: z.string().nullable(),
  /** Now + lead time + safety margin: a pessimistic date before it is flagged. */
  leadTimeAt: z.string(),
  scenario: z.object({ delayDays: z.number(), demandUpPercent: z.number(), capacityLostPercent: z.number(), siteLost: z.string().nullable() }),
});
export type ResourceForecastDetail = z.infer<typeof resourceForecastDetailSchema>;

export const samplesStoredSchema = z.object({ resource: z.string(), samples: z.number().int() });
