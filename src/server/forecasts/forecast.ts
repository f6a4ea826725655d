// One forecast at one evaluation time, as the PromQL functions answer it: `linear` is
// predict_linear(x[range], horizon seconds), `holt` is holt_winters(x[range], sf, tf) (the
// smoothed value now; holt_winters has no horizon), `seasonal` is MSTL/ETS with 80 % and 95 %
// intervals at the horizon. `value` is null where Prometheus returns no sample, with the reason.
import { holtSmooth } from './methods/holt.ts';
import { linearRegression } from './methods/linear.ts';
import { selectRange, type Series } from './methods/series.ts';
import { seasonalForecast } from './methods/seasonal.ts';
import { seriesProblem, usualStep } from './quality.ts';

export const METHODS = ['linear', 'holt', 'seasonal'] as const;
export type Method = (typeof METHODS)[number];

export interface ForecastOptions {
  method: Method;
  rangeMs: number;
  atMs: number;
  horizonMs: number;
  smoothing?: number;
  trend?: number;
  /** Seasonal periods in ms. */
  periodsMs?: number[];
}

export interface ForecastAnswer {
  value: number | null;
  /** Why there is no value. */
  reason?: string;
  samples: number;
  lower80?: number;
  upper80?: number;
  lower95?: number;
  upper95?: number;
}

const noValue = (samples: number, reason: string): ForecastAnswer => ({ value: null, reason, samples });

export function forecastAt(series: Series, o: ForecastOptions): ForecastAnswer {
  const w = selectRange(series, o.atMs, o.rangeMs);
  const n = w.t.length;
  if (o.method === 'linear') {
    if (n < 2) return noValue(n, `fewer than 2 samples in the range (${n}): predict_linear returns no sample`);
    const { slope, intercept } = linearRegression(w, o.atMs);
    return { value: slope * (o.horizonMs / 1e3) + intercept, samples: n };
  }
  if (o.method === 'holt') {
    const h = holtSmooth(w, o.smoothing ?? 0.5, o.trend ?? 0.5);
    if (!h) return noValue(n, `fewer than 2 samples in the range (${n}): holt_winters returns no sample`);
    return { value: h.level, samples: n };
  }
  const problem = seriesProblem(w, 'gauge', 4, true);
  if (problem) return noValue(n, problem);
  const step = usualStep(w);
  const steps = Math.max(1, Math.ceil((o.atMs + o.horizonMs - w.t[n - 1]) / step));
  if (steps > 100_000) return noValue(n, `the horizon is ${steps} steps of ${step} ms ahead of the last sample: at most 100000`);
  const f = seasonalForecast(w.v, (o.periodsMs ?? []).map((p) => Math.round(p / step)), steps);
  if (typeof f === 'string') return noValue(n, f);
  const i = steps - 1;
  return { value: f.point[i], samples: n, lower80: f.lower80[i], upper80: f.upper80[i], lower95: f.lower95[i], upper95: f.upper95[i] };
}

/** A JSON-safe number: NaN and ±Inf as Prometheus writes them. */
export function promNumber(v: number | null | undefined): number | string | null {
  if (v === null || v === undefined) return null;
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v;
}
