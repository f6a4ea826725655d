// `holt_winters(x[range], sf, tf)` exactly as Prometheus 2.42 computes it: double exponential
// smoothing (level and trend, no season) seeded with the first value and the first difference;
// the answer is the smoothed level at the last sample. Factors outside (0, 1) are refused.
import type { Series } from './series.ts';

/** Why a factor is refused (Prometheus's own wording), or undefined when both are in (0, 1). */
export function holtFactorsProblem(sf: number, tf: number): string | undefined {
  if (!(sf > 0 && sf < 1)) return `invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf}`;
  if (!(tf > 0 && tf < 1)) return `invalid trend factor. Expected: 0 < tf < 1, got: ${tf}`;
  return undefined;
}

export interface HoltState {
  /** The smoothed level at the last sample. */
  level: number;
  /** The smoothed trend per sample after the last sample (for forecasts ahead). */
  trend: number;
}

/** The smoothing run; undefined below two samples (Prometheus returns no sample). */
export function holtSmooth(s: Series, sf: number, tf: number): HoltState | undefined {
  const v = s.v;
  const l = v.length;
  if (l < 2) return undefined;
  let s0 = 0;
  let s1 = v[0];
  let b = v[1] - v[0];
  for (let i = 1; i < l; i++) {
    const x = sf * v[i];
    // Prometheus's calcTrendValue: the first step keeps the seed trend.
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return { level: s1, trend: tf * (s1 - s0) + (1 - tf) * b };
}

export function holtWinters(s: Series, sf: number, tf: number): number | undefined {
  return holtSmooth(s, sf, tf)?.level;
}
