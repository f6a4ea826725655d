// The `forecasts` section of tally.yaml: defaults for resources that do not set their own lead
// time, safety margin or history in annotations, and the error bound of the `capacity` check.
import { z } from 'zod';
import { parseDuration } from '../../common/duration.ts';

const duration = z.string().refine((s) => parseDuration(s) !== undefined, 'a duration such as 30d, 12h or 2w');

export const forecastsConfigSchema = z
  .strictObject({
    /** Procurement lead time of a resource without `tally.dev/lead-time`. */
    defaultLeadTime: duration.default('30d'),
    /** Added to every lead time: the warning comes this much earlier. */
    safetyMargin: duration.default('7d'),
    /** The history fitted, unless `tally.dev/forecast-history` says otherwise. */
    history: duration.default('30d'),
    /** Samples asked of Prometheus (query_range) over the history. */
    prometheusPoints: z.number().int().min(20).max(11_000).default(1000),
  })
  .default({ defaultLeadTime: '30d', safetyMargin: '7d', history: '30d', prometheusPoints: 1000 });
export type ForecastsConfig = z.infer<typeof forecastsConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    forecasts: ForecastsConfig;
  }
}
