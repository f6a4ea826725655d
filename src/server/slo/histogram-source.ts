// Which histogram an SLO is about, read from its own documents: the `tally.dev/histogram`
// annotation (a bucket selector), else the first `<name>_bucket{…}` selector in the SLI's
// queries, its `le` matcher taken off. The objective read on the curve: a threshold SLI's `value`
// and the φ of its histogram_quantile(φ, …) ("99 % of requests under 300 ms"); a ratio SLI over
// one bucket (`good: x_bucket{le="0.3"}`) gives that bound and the SLO's target.
import type { ResolvedSlo } from './slo-set.ts';

export interface HistogramSource {
  /** The bucket selector without `le`, e.g. http_request_duration_seconds_bucket{job="payments"}. */
  selector: string;
  /** The objective's threshold, in the histogram's unit (null when the SLO names none). */
  threshold: number | null;
  /** The share of observations the objective asks to be under the threshold. */
  quantile: number;
}

const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;
const BUCKET = new RegExp(String.raw`([A-Za-z_:][A-Za-z0-9_:]*_bucket)\s*(\{(?:[^{}"']|${STRING})*\})?`);
const MATCHER = new RegExp(String.raw`([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(${STRING})`, 'g');
const QUANTILE = /histogram_quantile\s*\(\s*([0-9]*\.?[0-9]+)\s*,/;

/** The bucket selector of a query without its `le` matcher, and the `le` it asked for (if `le="…"`). */
export function bucketSelector(query: string): { selector: string; le?: number } | undefined {
  const m = BUCKET.exec(query);
  if (!m) return undefined;
  let le: number | undefined;
  const kept: string[] = [];
  for (const [, name, op, value] of (m[2] ?? '').matchAll(MATCHER)) {
    if (name !== 'le') kept.push(`${name}${op}${value}`);
    else if (op === '=') le = value.slice(1, -1) === '+Inf' ? Infinity : Number(value.slice(1, -1));
  }
  return { selector: kept.length ? `${m[1]}{${kept.join(',')}}` : m[1], le: le !== undefined && !Number.isNaN(le) ? le : undefined };
}

export function histogramSource(slo: ResolvedSlo): HistogramSource | undefined {
  const i = slo.indicator;
  const queries = i.kind === 'threshold' ? [i.query] : [i.good, i.bad, i.total].filter((q): q is string => q !== undefined);
  const found = queries.map(bucketSelector).find((b) => b !== undefined);
  const selector = slo.histogram?.trim() || found?.selector;
  if (!selector) return undefined;
  if (i.kind === 'threshold') {
    const phi = QUANTILE.exec(i.query);
    const upper = slo.op === 'lt' || slo.op === 'lte';
    return { selector, threshold: upper ? (slo.threshold ?? null) : null, quantile: phi ? Number(phi[1]) : slo.target };
  }
  const le = i.good !== undefined ? bucketSelector(i.good)?.le : undefined;
  return { selector, threshold: le !== undefined && Number.isFinite(le) ? le : null, quantile: slo.target };
}
