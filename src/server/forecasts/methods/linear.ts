// `predict_linear(x[range], seconds)` exactly as Prometheus 2.42 computes it: an ordinary
// least-squares line through the samples with time measured in seconds from the evaluation time
// (so the intercept is the value "now"), sums kept with Kahan–Neumaier compensation, a constant
// series answering its value (NaN for a constant ±Inf), and no answer below two samples.
import type { Series } from './series.ts';

export interface Line {
  /** Per second. */
  slope: number;
  /** The fitted value at the intercept time. */
  intercept: number;
}

/** The least-squares line with its intercept at `interceptMs` (Prometheus's linearRegression; the Kahan–Neumaier steps inlined for speed). */
export function linearRegression(s: Series, interceptMs: number): Line {
  const { t, v } = s;
  const n = t.length;
  let sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = v[0];
  let constY = true;
  for (let i = 0; i < n; i++) {
    const y = v[i];
    if (constY && i > 0 && y !== initY) constY = false;
    const x = (t[i] - interceptMs) / 1e3;
    let u = sumX + x;
    cX += Math.abs(sumX) >= Math.abs(x) ? sumX - u + x : x - u + sumX;
    sumX = u;
    u = sumY + y;
    cY += Math.abs(sumY) >= Math.abs(y) ? sumY - u + y : y - u + sumY;
    sumY = u;
    const xy = x * y;
    u = sumXY + xy;
    cXY += Math.abs(sumXY) >= Math.abs(xy) ? sumXY - u + xy : xy - u + sumXY;
    sumXY = u;
    const x2 = x * x;
    u = sumX2 + x2;
    cX2 += Math.abs(sumX2) >= Math.abs(x2) ? sumX2 - u + x2 : x2 - u + sumX2;
    sumX2 = u;
  }
  if (constY) return Number.isFinite(initY) || Number.isNaN(initY) ? { slope: 0, intercept: initY } : { slope: NaN, intercept: NaN };
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

/** predict_linear over the selected samples at `atMs`, `seconds` ahead; undefined where Prometheus returns no sample. */
export function predictLinear(s: Series, atMs: number, seconds: number): number | undefined {
  if (s.t.length < 2) return undefined;
  const { slope, intercept } = linearRegression(s, atMs);
  return slope * seconds + intercept;
}
