// Inverted SLOs from Prometheus: the SLO's histogram over a chosen period (one instant query,
// `sum by (le) (increase(BUCKETS[period]))`) read both ways — the share under a threshold and the
// latency a share stayed under, with Prometheus's interpolation (histogram.ts) — and the last 28
// days day by day (one query_range, step 1d) for a suggested objective: the smallest bucket bound
// the 28 days met ("do you really need 10 ms, or is 50 ms fine?"). Never throws: Prometheus down
// or refusing is `error` ("could not evaluate").
import type { SloCurve } from '../../common/api/slo.ts';
import { parsePromMatrix, parsePromResponse } from '../checks/index.ts';
import { promDuration } from './duration.ts';
import { boundMeeting, bucketsFrom, curveOf, quantileOf, shareUnder, type Bucket } from './histogram.ts';
import { histogramSource, type HistogramSource } from './histogram-source.ts';
import { askPrometheus, type PromDeps } from './prom.ts';
import type { ResolvedSlo } from './slo-set.ts';

const DAY = 86_400;
const SUGGESTION_DAYS = 28;

export interface CurveRequest {
  periodSeconds: number;
  /** "What share finished under this?" */
  under?: number;
  /** "What latency did this share stay under?" (0–1) */
  quantile?: number;
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);
export const curveQuery = (selector: string, seconds: number) => `sum by (le) (increase(${selector}[${promDuration(seconds)}]))`;

/** Seconds → a latency people read: 0.25 → "250 ms", 1.5 → "1.5 s". */
export function latencyText(seconds: number | null): string {
  if (seconds === null) return '–';
  return seconds < 1 ? `${Number((seconds * 1000).toPrecision(3))} ms` : `${Number(seconds.toPrecision(3))} s`;
}
const pctText = (r: number) => `${Number((r * 100).toPrecision(4))} %`;

export async function fetchCurve(deps: PromDeps, slo: ResolvedSlo, req: CurveRequest, now: Date): Promise<SloCurve> {
  const end = Math.floor(now.getTime() / 60_000) * 60;
  const source = histogramSource(slo);
  const base = baseCurve(slo, source, req, end, now);
  if (!source) return { ...base, message: 'could not evaluate: the SLO names no histogram (a <name>_bucket selector in its SLI, or the tally.dev/histogram annotation)' };
  const query = curveQuery(source.selector, req.periodSeconds);
  const answer = await askPrometheus(deps, slo.server, '/api/v1/query', { query, time: String(end) });
  const parsed = answer.ok ? parsePromResponse(answer.status, answer.text) : answer;
  if (!parsed.ok) return { ...base, query, message: `could not evaluate: ${parsed.error}` };
  const buckets = bucketsFrom(parsed.samples);
  const points = curveOf(buckets);
  const observations = buckets.find((b) => b.le === Infinity)?.count ?? 0;
  if (points.length === 0) return { ...base, query, state: 'no-data', observations, message: `no observations of ${source.selector} in the ${promDuration(req.periodSeconds)} before ${base.period.end}` };
  const suggestion = await suggest(deps, slo, source, end);
  const share = source.threshold === null ? null : finite(shareUnder(source.threshold, buckets));
  const latency = finite(quantileOf(source.quantile, buckets));
  return {
    ...base,
    query,
    state: 'ok',
    message: `${pctText(source.quantile)} of ${Math.round(observations)} observations stayed under ${latencyText(latency)}${source.threshold !== null && share !== null ? `; ${pctText(share)} under the objective's ${latencyText(source.threshold)}` : ''}`,
    observations,
    points,
    objective: { ...base.objective, shareUnder: share, latency },
    under: req.under === undefined ? null : { threshold: req.under, share: finite(shareUnder(req.under, buckets)) },
    quantile: req.quantile === undefined ? null : { quantile: req.quantile, latency: finite(quantileOf(req.quantile, buckets)) },
    suggestion,
  };
}

function baseCurve(slo: ResolvedSlo, source: HistogramSource | undefined, req: CurveRequest, end: number, now: Date): SloCurve {
  return {
    slo: slo.name,
    service: slo.service,
    displayName: slo.displayName ?? slo.name,
    server: slo.server,
    histogram: source?.selector ?? null,
    period: { seconds: req.periodSeconds, start: new Date((end - req.periodSeconds) * 1000).toISOString(), end: new Date(end * 1000).toISOString() },
    query: null,
    state: 'error',
    message: '',
    observations: null,
    points: [],
    objective: { threshold: source?.threshold ?? null, quantile: source?.quantile ?? slo.target, shareUnder: null, latency: null },
    under: null,
    quantile: null,
    suggestion: null,
    observedAt: now.toISOString(),
  };
}

/** The last 28 days, one day per step: each day's buckets, and the 28 days' as their sum. */
async function suggest(deps: PromDeps, slo: ResolvedSlo, source: HistogramSource, end: number): Promise<SloCurve['suggestion']> {
  const answer = await askPrometheus(deps, slo.server, '/api/v1/query_range', { query: curveQuery(source.selector, DAY), start: String(end - (SUGGESTION_DAYS - 1) * DAY), end: String(end), step: String(DAY) });
  const parsed = answer.ok ? parsePromMatrix(answer.status, answer.text) : answer;
  if (!parsed.ok) return null;
  const days = new Map<number, Bucket[]>();
  for (const s of parsed.series) {
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    for (const [t, count] of s.samples) if (Number.isFinite(count)) days.set(t, [...(days.get(t) ?? []), { le, count }]);
  }
  return suggestionOf(source, [...days].sort((a, b) => a[0] - b[0]));
}

/** Pure: day-by-day buckets (each day's end, unix seconds) → the suggested objective. */
export function suggestionOf(source: HistogramSource, days: [number, Bucket[]][]): SloCurve['suggestion'] {
  const whole = new Map<number, number>();
  for (const [, buckets] of days) for (const b of buckets) whole.set(b.le, (whole.get(b.le) ?? 0) + b.count);
  const all = [...whole].map(([le, count]) => ({ le, count }));
  const q = source.quantile;
  const latency = finite(quantileOf(q, all));
  if (latency === null) return null;
  const threshold = boundMeeting(q, all) ?? null;
  const met = (t: number | null) => (t === null ? 0 : days.filter(([, b]) => shareUnder(t, b) >= q - 1e-12).length);
  const withData = days.filter(([, b]) => curveOf(b).length > 0).length;
  const objectiveDaysMet = source.threshold === null ? null : met(source.threshold);
  const head = `Over the last ${SUGGESTION_DAYS} days ${pctText(q)} of requests finished under ${latencyText(latency)}.`;
  let advice: string;
  if (threshold === null) advice = `Even the highest bucket bound holds less than ${pctText(q)} of them: add larger buckets, or aim lower.`;
  else if (source.threshold === null) advice = `A realistic objective: ${pctText(q)} under ${latencyText(threshold)} (a bucket bound, measured rather than interpolated; met on ${met(threshold)} of ${withData} days).`;
  else if (threshold > source.threshold) advice = `The objective of ${latencyText(source.threshold)} was met on ${objectiveDaysMet} of ${withData} days; ${latencyText(threshold)} would have been met on ${met(threshold)}. Do you really need ${latencyText(source.threshold)}, or is ${latencyText(threshold)} fine?`;
  else advice = `The objective of ${latencyText(source.threshold)} holds (met on ${objectiveDaysMet} of ${withData} days); ${threshold < source.threshold ? `even ${latencyText(threshold)} would have been met on ${met(threshold)}.` : 'keep it.'}`;
  return {
    quantile: q,
    latency,
    threshold,
    daysMet: met(threshold),
    objectiveDaysMet,
    days: days.map(([t, b]) => ({ end: new Date(t * 1000).toISOString(), observations: b.find((x) => x.le === Infinity)?.count ?? 0, latency: finite(quantileOf(q, b)) })),
    message: `${head} ${advice}`,
  };
}
