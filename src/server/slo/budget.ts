// Error budgets from real data, two queries per SLO whatever its window:
// - one `query_range` for the chart: per step, the bad (or good) and total events of ratio SLIs,
//   the share of good timeslices of threshold SLIs — each sample is what happened within its step
//   (a sum, never an average of averages), kept as answered. Windows up to a week get steps of a
//   minute or more (under 10,000 points); longer ones at most 1,440 points (28 days → 30 minutes,
//   as many as the chart can draw): Prometheus's cost and Tally's grow with the points.
// - one instant query at the window's end for the figures: ratio SLIs' events over the whole window
//   and each burn-rate window (rate × window, i.e. Prometheus's increase), so the SLI and the budget
//   left do not depend on the chart's step; threshold SLIs' good timeslices over each burn-rate
//   window (the whole window's are the chart's samples added up: each step holds exactly its own
//   timeslices, so the sum is the count).
// Prometheus down or refusing gives an `error` result ("could not evaluate"), never a flattering number.
import type { SloBudget } from '../../common/api/slo.ts';
import { parsePromMatrix, parsePromResponse, type PromSeries } from '../checks/index.ts';
import { mapLimit } from '../platform/outbound/fetch.ts';
import { promDuration } from './duration.ts';
import { histogramSource } from './histogram-source.ts';
import { askPrometheus, type PromDeps } from './prom.ts';
import { windowed } from './rules.ts';
import type { ResolvedSlo } from './slo-set.ts';

const STEPS = [60, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400];
const WEEK = 7 * 86_400;
/** Points of a window up to a week (1 minute steps for a day, 5 minutes for a week). */
const MAX_POINTS = 10_000;
/** Points of a longer window: 28 days at 30 minutes is 1,344. */
const CHART_POINTS = 1_440;
const OPS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

export type BudgetDeps = PromDeps;

export interface RangeQuery {
  query: string;
  /** Unix seconds; samples at start, start + step, …, end. */
  start: number;
  end: number;
  step: number;
}

/** The chart's step: the shortest that keeps the window under its point limit (a multiple of the timeslice). */
export function budgetStep(slo: ResolvedSlo): number {
  const slice = slo.indicator.kind === 'threshold' ? (slo.timeSliceSeconds ?? 60) : 60;
  const max = slo.window.seconds > WEEK ? CHART_POINTS : MAX_POINTS;
  return STEPS.find((s) => s >= slice && s % slice === 0 && slo.window.seconds / s <= max) ?? 86_400;
}

/** Where the window starts: rolling → `window` before now; calendar → the current period's start. */
export function windowStart(slo: ResolvedSlo, end: number): number {
  const cal = slo.window.calendar;
  if (slo.window.rolling || !cal) return end - slo.window.seconds;
  const text = cal.startTime.replace(' ', 'T');
  const origin = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`) / 1000;
  const periods = Math.max(0, Math.floor((end - origin) / slo.window.seconds));
  return origin + periods * slo.window.seconds;
}

const part = (expr: string, name: string) => `label_replace(${expr}, "tally_part", "${name}", "", "")`;
const inWindow = (expr: string, seconds: number) => `label_replace(${expr}, "tally_window", "${seconds}", "", "")`;

/**
 * The share of good timeslices over the `seconds` before each evaluation: exactly seconds ÷ slice
 * of them (Prometheus 2's ranges include both ends, so the range stops a second short of the
 * previous step's last slice; consecutive steps then hold each timeslice once).
 */
function goodShare(slo: ResolvedSlo, seconds: number): string {
  if (slo.indicator.kind !== 'threshold') throw new Error('goodShare is for threshold SLIs');
  return `avg_over_time(((${slo.indicator.query}) ${OPS[slo.op ?? 'lte']} bool ${slo.threshold})[${promDuration(seconds - 1)}:${promDuration(slo.timeSliceSeconds ?? 60)}])`;
}

/** The chart's query over the SLO's whole window: events (or the good timeslices' share) per step. */
export function budgetQuery(slo: ResolvedSlo, now: Date): RangeQuery {
  const step = budgetStep(slo);
  const end = Math.floor(now.getTime() / 1000 / step) * step;
  const start = Math.max(windowStart(slo, end) + step, end - slo.window.seconds + step);
  const i = slo.indicator;
  let query: string;
  if (i.kind === 'threshold') query = part(goodShare(slo, step), 'good_share');
  else {
    const q = (x: string) => `(${windowed(x, promDuration(step), i.counter)})`;
    query = `${part(q(i.bad ?? i.good!), i.bad !== undefined ? 'bad' : 'good')} or ${part(q(i.total), 'total')}`;
  }
  return { query, start, end, step };
}

/** Seconds the range query covers: from the step before its first sample to its end. */
const spanOf = (q: RangeQuery) => q.end - (q.start - q.step);

/**
 * The instant query (at the chart's end) for the figures: for ratio SLIs the bad (or good) and
 * total event rates over the whole window and over each burn-rate window; for threshold SLIs the
 * good timeslices' share over each burn-rate window. Each answer is labelled with its part and
 * window (seconds).
 */
export function figuresQuery(slo: ResolvedSlo, q: RangeQuery, withSamples = true): { query: string; time: number } {
  const i = slo.indicator;
  const parts: string[] = [];
  // Without the chart, threshold SLIs' whole window is asked here too (as many timeslices as the chart would read).
  if (i.kind === 'threshold') for (const w of withSamples ? burnWindows(slo) : [...new Set([spanOf(q), ...burnWindows(slo)])]) parts.push(inWindow(part(goodShare(slo, w), 'good_share'), w));
  else {
    for (const w of [...new Set([spanOf(q), ...burnWindows(slo)])]) {
      const r = (x: string) => `(${windowed(x, promDuration(w), i.counter)})`;
      parts.push(inWindow(part(r(i.bad ?? i.good!), i.bad !== undefined ? 'bad' : 'good'), w), inWindow(part(r(i.total), 'total'), w));
    }
  }
  return { query: parts.join(' or '), time: q.end };
}

interface Point {
  t: number;
  bad: number;
  total: number;
}

/** Series → bad and total events per step (rate × step; for timeslices, slices per step). */
export function pointsFrom(slo: ResolvedSlo, q: RangeQuery, series: readonly PromSeries[]): Point[] {
  const by = new Map<number, { bad: number; good: number; total: number; share: number; shares: number }>();
  const at = (t: number) => by.get(t) ?? (by.set(t, { bad: 0, good: 0, total: 0, share: 0, shares: 0 }).get(t)!);
  for (const s of series) {
    const name = s.labels.tally_part;
    for (const [t, v] of s.samples) {
      if (!Number.isFinite(v)) continue;
      const p = at(t);
      if (name === 'bad') p.bad += v * q.step;
      else if (name === 'good') p.good += v * q.step;
      else if (name === 'total') p.total += v * q.step;
      else if (name === 'good_share') {
        p.share += v;
        p.shares += 1;
      }
    }
  }
  const slices = q.step / (slo.timeSliceSeconds ?? 60);
  const ratioGood = slo.indicator.kind === 'ratio' && slo.indicator.good !== undefined;
  return [...by]
    .sort((a, b) => a[0] - b[0])
    .map(([t, p]) => {
      if (slo.indicator.kind === 'threshold') return { t, total: p.shares * slices, bad: (p.shares - p.share) * slices };
      return { t, total: p.total, bad: ratioGood ? Math.max(0, p.total - p.good) : p.bad };
    })
    .filter((p) => p.total > 0 || slo.indicator.kind === 'ratio');
}

function sums(points: readonly Point[]): { bad: number; total: number } {
  let bad = 0;
  let total = 0;
  for (const p of points) {
    bad += p.bad;
    total += p.total;
  }
  return { bad, total };
}

/** Burn-rate windows: the long and short windows of the SLO's alert conditions. */
export function burnWindows(slo: ResolvedSlo): number[] {
  return [...new Set(slo.conditions.flatMap((c) => [c.shortSeconds, c.longSeconds]))].sort((a, b) => a - b);
}

/** The instant answer by window (seconds): rates of the parts, or the good timeslices' share. */
export type Figures = Map<number, { bad?: number; good?: number; total?: number; good_share?: number }>;

export function figuresFrom(samples: readonly { labels: Record<string, string>; value: number }[]): Figures {
  const out: Figures = new Map();
  for (const { labels, value } of samples) {
    const w = Number(labels.tally_window);
    const name = labels.tally_part as 'bad' | 'good' | 'total' | 'good_share';
    if (!Number.isFinite(value) || !['bad', 'good', 'total', 'good_share'].includes(name)) continue;
    const f = out.get(w) ?? (out.set(w, {}).get(w)!);
    f[name] = (f[name] ?? 0) + value;
  }
  return out;
}

/** Events over `seconds` from a ratio SLI's rates over it; undefined without a total. */
function eventsOver(figures: Figures, seconds: number): { bad: number; total: number } | undefined {
  const f = figures.get(seconds);
  if (f?.total === undefined) return undefined;
  const total = f.total * seconds;
  return { total, bad: f.good !== undefined ? Math.max(0, total - f.good * seconds) : (f.bad ?? 0) * seconds };
}

/** Good and bad timeslices over `seconds` from a threshold SLI's good share over it. */
function slicesOver(slo: ResolvedSlo, figures: Figures, seconds: number): { bad: number; total: number } | undefined {
  const share = figures.get(seconds)?.good_share;
  if (share === undefined) return undefined;
  const total = seconds / (slo.timeSliceSeconds ?? 60);
  return { total, bad: (1 - share) * total };
}

export function budgetFromPoints(slo: ResolvedSlo, q: RangeQuery, points: Point[], figures: Figures, observedAt: string, instantQuery = ''): SloBudget {
  const base = { ...baseBudget(slo, q, observedAt), instantQuery };
  const samples = points.map((p): [number, number, number] => [p.t, p.bad, p.total]);
  const threshold = slo.indicator.kind === 'threshold';
  const all = threshold ? (points.length ? sums(points) : slicesOver(slo, figures, spanOf(q))) : eventsOver(figures, spanOf(q));
  if (!all || all.total <= 0) return { ...base, state: 'no-data', message: `Prometheus has no data for this SLI in the window${points.length ? ` (${points.length} steps)` : ''}`, samples };
  const sli = 1 - all.bad / all.total;
  const burnRates = burnWindows(slo).map((seconds) => {
    let rate: number | null = null;
    if (threshold) {
      const share = figures.get(seconds)?.good_share;
      if (share !== undefined) rate = (1 - share) / slo.budget;
    } else {
      const e = eventsOver(figures, seconds);
      if (e && e.total > 0) rate = e.bad / e.total / slo.budget;
    }
    return { window: promDuration(seconds), rate };
  });
  const remaining = 1 - (1 - sli) / slo.budget;
  return {
    ...base,
    state: 'ok',
    message: remaining >= 0 ? `${pctText(sli)} achieved; ${pctText(remaining)} of the error budget left` : `${pctText(sli)} achieved; the error budget is spent (${pctText(-remaining)} over)`,
    sli,
    budgetRemaining: remaining,
    events: all,
    burnRates,
    samples,
  };
}

const pctText = (r: number) => `${Number((r * 100).toPrecision(5))} %`;

function baseBudget(slo: ResolvedSlo, q: RangeQuery, observedAt: string): SloBudget {
  return {
    slo: slo.name,
    service: slo.service,
    displayName: slo.displayName ?? slo.name,
    kind: slo.indicator.kind,
    targetPercent: slo.targetPercent,
    errorBudget: slo.budget,
    window: { seconds: slo.window.seconds, rolling: slo.window.rolling, start: new Date((q.start - q.step) * 1000).toISOString(), end: new Date(q.end * 1000).toISOString() },
    server: slo.server,
    histogram: histogramSource(slo)?.selector ?? null,
    query: q.query,
    instantQuery: '',
    step: q.step,
    state: 'error',
    message: '',
    sli: null,
    budgetRemaining: null,
    events: null,
    burnRates: [],
    samples: [],
    observedAt,
  };
}

/**
 * One SLO's budget (its two queries at once); never throws. `samples: false` (the list, the slo
 * check) skips the chart: one instant query, and `samples` is empty.
 */
export async function fetchBudget(deps: BudgetDeps, slo: ResolvedSlo, now: Date, opts: { samples?: boolean } = {}): Promise<SloBudget> {
  const withSamples = opts.samples !== false;
  const q = budgetQuery(slo, now);
  const f = figuresQuery(slo, q, withSamples);
  const observedAt = now.toISOString();
  const failed = (why: string): SloBudget => ({ ...baseBudget(slo, q, observedAt), instantQuery: f.query, state: 'error', message: `could not evaluate: ${why}` });
  const [range, instant] = await Promise.all([
    withSamples ? askPrometheus(deps, slo.server, '/api/v1/query_range', { query: q.query, start: String(q.start), end: String(q.end), step: String(q.step) }) : undefined,
    f.query ? askPrometheus(deps, slo.server, '/api/v1/query', { query: f.query, time: String(f.time) }) : undefined,
  ]);
  if (range && !range.ok) return failed(range.error);
  if (instant && !instant.ok) return failed(instant.error);
  const parsed = range?.ok ? parsePromMatrix(range.status, range.text) : { ok: true as const, series: [] };
  if (!parsed.ok) return failed(parsed.error);
  const figures = instant?.ok ? parsePromResponse(instant.status, instant.text) : { ok: true as const, samples: [] };
  if (!figures.ok) return failed(figures.error);
  return budgetFromPoints(slo, q, pointsFrom(slo, q, parsed.series), figuresFrom(figures.samples), observedAt, f.query);
}

export function fetchBudgets(deps: BudgetDeps, slos: readonly ResolvedSlo[], now: Date, concurrency = 8, opts: { samples?: boolean } = {}): Promise<SloBudget[]> {
  return mapLimit(slos, concurrency, (s) => fetchBudget(deps, s, now, opts));
}
