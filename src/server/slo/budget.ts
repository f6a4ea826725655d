// Error budgets from real data: one Prometheus `query_range` per SLO over its whole window (bad
// and total events per step for ratio SLIs; the good share of timeslices for threshold SLIs),
// every sample kept as answered — the SLI, the budget left and the burn rates are sums over them,
// never averages of averages. Prometheus down or refusing gives an `error` result ("could not
// evaluate"), never a flattering number.
import type { SloBudget } from '../../common/api/slo.ts';
import { parsePromMatrix, type PromSeries } from '../checks/index.ts';
import { mapLimit } from '../platform/outbound/fetch.ts';
import { promDuration } from './duration.ts';
import { histogramSource } from './histogram-source.ts';
import { askPrometheus, type PromDeps } from './prom.ts';
import { windowed } from './rules.ts';
import type { ResolvedSlo } from './slo-set.ts';

const STEPS = [60, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400];
const MAX_POINTS = 10_000;
const OPS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

export type BudgetDeps = PromDeps;

export interface RangeQuery {
  query: string;
  /** Unix seconds; samples at start, start + step, …, end. */
  start: number;
  end: number;
  step: number;
}

/** The step: the shortest that keeps the window under Prometheus's point limit (a multiple of the timeslice). */
export function budgetStep(slo: ResolvedSlo): number {
  const slice = slo.indicator.kind === 'threshold' ? (slo.timeSliceSeconds ?? 60) : 60;
  return STEPS.find((s) => s >= slice && s % slice === 0 && slo.window.seconds / s <= MAX_POINTS) ?? 86_400;
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

/** The one query for the SLO's whole window. */
export function budgetQuery(slo: ResolvedSlo, now: Date): RangeQuery {
  const step = budgetStep(slo);
  const end = Math.floor(now.getTime() / 1000 / step) * step;
  const start = Math.max(windowStart(slo, end) + step, end - slo.window.seconds + step);
  const w = promDuration(step);
  const i = slo.indicator;
  let query: string;
  if (i.kind === 'threshold') {
    query = part(`avg_over_time(((${i.query}) ${OPS[slo.op ?? 'lte']} bool ${slo.threshold})[${w}:${promDuration(slo.timeSliceSeconds ?? 60)}])`, 'good_share');
  } else {
    const q = (x: string) => `(${windowed(x, w, i.counter)})`;
    query = `${part(q(i.bad ?? i.good!), i.bad !== undefined ? 'bad' : 'good')} or ${part(q(i.total), 'total')}`;
  }
  return { query, start, end, step };
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

function sums(points: readonly Point[], from: number): { bad: number; total: number } {
  let bad = 0;
  let total = 0;
  for (const p of points) {
    if (p.t <= from) continue;
    bad += p.bad;
    total += p.total;
  }
  return { bad, total };
}

/** Burn-rate windows: the long and short windows of the SLO's alert conditions. */
export function burnWindows(slo: ResolvedSlo): number[] {
  return [...new Set(slo.conditions.flatMap((c) => [c.shortSeconds, c.longSeconds]))].sort((a, b) => a - b);
}

export function budgetFromPoints(slo: ResolvedSlo, q: RangeQuery, points: Point[], observedAt: string): SloBudget {
  const base = baseBudget(slo, q, observedAt);
  const all = sums(points, -Infinity);
  if (all.total <= 0) return { ...base, state: 'no-data', message: `Prometheus has no data for this SLI in the window (${points.length} steps)`, samples: points.map((p) => [p.t, p.bad, p.total]) };
  const sli = 1 - all.bad / all.total;
  const burnRates = burnWindows(slo).map((seconds) => {
    const s = seconds < q.step ? undefined : sums(points, q.end - seconds);
    return { window: promDuration(seconds), rate: s && s.total > 0 ? s.bad / s.total / slo.budget : null };
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
    samples: points.map((p) => [p.t, p.bad, p.total]),
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

/** One SLO's budget; never throws. */
export async function fetchBudget(deps: BudgetDeps, slo: ResolvedSlo, now: Date): Promise<SloBudget> {
  const q = budgetQuery(slo, now);
  const observedAt = now.toISOString();
  const failed = (why: string): SloBudget => ({ ...baseBudget(slo, q, observedAt), state: 'error', message: `could not evaluate: ${why}` });
  const answer = await askPrometheus(deps, slo.server, '/api/v1/query_range', { query: q.query, start: String(q.start), end: String(q.end), step: String(q.step) });
  if (!answer.ok) return failed(answer.error);
  const parsed = parsePromMatrix(answer.status, answer.text);
  if (!parsed.ok) return failed(parsed.error);
  return budgetFromPoints(slo, q, pointsFrom(slo, q, parsed.series), observedAt);
}

export function fetchBudgets(deps: BudgetDeps, slos: readonly ResolvedSlo[], now: Date, concurrency = 8): Promise<SloBudget[]> {
  return mapLimit(slos, concurrency, (s) => fetchBudget(deps, s, now));
}
