// Time to exhaustion: when usage meets capacity. The expected date follows the forecast line; the
// pessimistic date follows the upper 95 % prediction bound, and it is the one compared with the
// procurement lead time plus a safety margin. Scenarios: delivery delayed (longer lead time),
// demand up (faster growth), capacity lost (a site or supplier gone). A history that cannot be
// forecast gives its reason and no date.
import { linearRegression } from './methods/linear.ts';
import type { Series } from './methods/series.ts';
import { seasonalForecast } from './methods/seasonal.ts';
import { seriesProblem, usualStep, type SeriesKind } from './quality.ts';

export const DAY_MS = 86_400_000;
export const MAX_HORIZON_MS = 5 * 365 * DAY_MS;
const Z95 = 1.959963984540054;

export interface Scenario {
  /** Delivery delayed by this many days (added to the lead time). */
  delayDays?: number;
  /** Growth up by this many percent. */
  demandUpPercent?: number;
  /** Capacity lost, in percent (a site or a supplier gone). */
  capacityLostPercent?: number;
  /** A site (or supplier) lost: its name and the capacity it held (tally.dev/capacity-sites). */
  siteLost?: { name: string; capacity: number };
}

export interface ExhaustionInput {
  /** The history (already the window to fit). */
  history: Series;
  kind: SeriesKind;
  capacity: number;
  atMs: number;
  method: 'linear' | 'seasonal';
  leadTimeMs?: number;
  safetyMarginMs?: number;
  /** Seasonal periods in ms (seasonal method). */
  periodsMs?: number[];
  scenario?: Scenario;
  maxHorizonMs?: number;
}

export type Exhaustion =
  | { status: 'cannot-forecast'; reason: string }
  | {
      status: 'exhausted' | 'date' | 'not-within';
      /** When the forecast line meets capacity (null: not within the horizon). */
      expectedAt: string | null;
      /** When the upper 95 % bound meets capacity (null: not within the horizon). */
      pessimisticAt: string | null;
      /** Days from the evaluation time to the pessimistic date. */
      daysLeft: number | null;
      capacity: number;
      /** Lead time + delay + safety margin, in days. */
      neededDays: number;
      /** The pessimistic date falls within lead time + safety margin. */
      flagged: boolean;
      why: string;
    };

const iso = (ms: number) => new Date(ms).toISOString();

/** What a scenario takes away, in words: "30 % of capacity", "site ams (120)", or both. */
function lostText(sc: Scenario): string {
  const parts = [];
  if (sc.capacityLostPercent) parts.push(`${sc.capacityLostPercent} % of capacity`);
  if (sc.siteLost) parts.push(`site ${sc.siteLost.name} (${sc.siteLost.capacity})`);
  return parts.join(' and ');
}

/** The smallest h in [0, max] (ms) where `reached(h)`, to the second; undefined when not reached by max. The predicate must be monotone. */
function firstReached(reached: (h: number) => boolean, max: number): number | undefined {
  if (reached(0)) return 0;
  let hi = 3_600_000;
  while (hi < max && !reached(hi)) hi *= 2;
  if (hi >= max) {
    if (!reached(max)) return undefined;
    hi = max;
  }
  let lo = hi / 2 < 1000 ? 0 : hi / 2;
  while (hi - lo > 1000) {
    const mid = (lo + hi) / 2;
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Functions of h (ms after the evaluation time): the forecast and its 95 % bounds. */
export interface Curves {
  point(h: number): number;
  upper(h: number): number;
  lower(h: number): number;
  monotone: boolean;
}

function linearCurves(s: Series, atMs: number, growth: number): Curves {
  const { slope, intercept } = linearRegression(s, atMs);
  const n = s.t.length;
  let xbar = 0;
  for (let i = 0; i < n; i++) xbar += (s.t[i] - atMs) / 1e3;
  xbar /= n;
  let sxx = 0;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const x = (s.t[i] - atMs) / 1e3;
    sxx += (x - xbar) ** 2;
    sse += (s.v[i] - (intercept + slope * x)) ** 2;
  }
  const sd = Math.sqrt(sse / (n - 2));
  const point = (h: number) => intercept + slope * growth * (h / 1e3);
  const half = (h: number) => Z95 * sd * Math.sqrt(1 + 1 / n + (h / 1e3 - xbar) ** 2 / sxx);
  return { point, upper: (h) => point(h) + half(h), lower: (h) => point(h) - half(h), monotone: true };
}

function seasonalCurves(s: Series, atMs: number, periodsMs: number[], maxMs: number, growth: number): Curves | string {
  const step = usualStep(s);
  const last = s.t[s.t.length - 1];
  const steps = Math.min(20_000, Math.ceil((atMs + maxMs - last) / step));
  const f = seasonalForecast(s.v, periodsMs.map((p) => Math.round(p / step)), steps);
  if (typeof f === 'string') return f;
  if (f.upper95.length === 0) return 'the seasonal model gave no prediction interval';
  const base = s.v[s.v.length - 1];
  const at = (arr: number[], h: number) => {
    const i = Math.min(arr.length - 1, Math.max(0, Math.ceil((atMs + h - last) / step) - 1));
    return base + (arr[i] - base) * growth;
  };
  return { point: (h) => at(f.point, h), upper: (h) => at(f.upper95, h), lower: (h) => at(f.lower95, h), monotone: false };
}

function firstCrossing(curve: (h: number) => number, capacity: number, monotone: boolean, max: number, stepMs: number): number | undefined {
  if (monotone) return firstReached((h) => curve(h) >= capacity, max);
  for (let h = 0; h <= max; h += stepMs) if (curve(h) >= capacity) return h;
  return undefined;
}

/** The forecast curves of a history that can be forecast, or why it cannot. */
export function forecastCurves(input: Pick<ExhaustionInput, 'history' | 'kind' | 'atMs' | 'method' | 'periodsMs' | 'scenario'>, maxMs = MAX_HORIZON_MS): Curves | string {
  const problem = seriesProblem(input.history, input.kind);
  if (problem) return problem;
  const growth = 1 + (input.scenario?.demandUpPercent ?? 0) / 100;
  return input.method === 'linear' ? linearCurves(input.history, input.atMs, growth) : seasonalCurves(input.history, input.atMs, input.periodsMs ?? [DAY_MS], maxMs, growth);
}

/** `curves`: the forecast already made for this input (forecastCurves), so a seasonal model is fitted once. */
export function timeToExhaustion(input: ExhaustionInput, made?: Curves | string): Exhaustion {
  const { history, atMs } = input;
  const sc = input.scenario ?? {};
  const capacity = input.capacity * (1 - (sc.capacityLostPercent ?? 0) / 100) - (sc.siteLost?.capacity ?? 0);
  if (!(input.capacity > 0)) return { status: 'cannot-forecast', reason: `capacity is ${input.capacity}: a resource needs a positive capacity to be exhausted` };
  if (!(capacity > 0)) return { status: 'cannot-forecast', reason: `with ${lostText(sc)} lost nothing is left: the resource is exhausted now` };
  const max = input.maxHorizonMs ?? MAX_HORIZON_MS;
  const curves = made ?? forecastCurves(input, max);
  if (typeof curves === 'string') return { status: 'cannot-forecast', reason: curves };
  const step = Math.max(usualStep(history), 60_000);
  const expected = firstCrossing(curves.point, capacity, curves.monotone, max, step);
  const pessimistic = firstCrossing(curves.upper, capacity, curves.monotone, max, step);
  const neededMs = (input.leadTimeMs ?? 0) + (sc.delayDays ?? 0) * DAY_MS + (input.safetyMarginMs ?? 0);
  const neededDays = neededMs / DAY_MS;
  const daysLeft = pessimistic === undefined ? null : pessimistic / DAY_MS;
  const flagged = pessimistic !== undefined && pessimistic < neededMs;
  const last = history.v[history.v.length - 1];
  const status = last >= capacity ? 'exhausted' : pessimistic === undefined ? 'not-within' : 'date';
  const round = (d: number) => Math.round(d * 10) / 10;
  const lost = sc.siteLost ? `with site ${sc.siteLost.name} lost, ` : '';
  const why = lost +
    (status === 'exhausted' ? `usage (${last}) is at or above capacity (${capacity}) now`
    : pessimistic === undefined ? `the upper 95 % bound stays below capacity for the next ${Math.round(max / DAY_MS)} days`
    : flagged ? `full in ${round(daysLeft!)} days at worst, within the ${round(neededDays)} days needed to add capacity (lead time${sc.delayDays ? ' + delay' : ''}${input.safetyMarginMs ? ' + safety margin' : ''})`
    : `full in ${round(daysLeft!)} days at worst; ${round(neededDays)} days are needed to add capacity`);
  return {
    status,
    expectedAt: expected === undefined ? null : iso(atMs + expected),
    pessimisticAt: pessimistic === undefined ? null : iso(atMs + pessimistic),
    daysLeft: daysLeft === null ? null : round(daysLeft),
    capacity,
    neededDays: round(neededDays),
    flagged: flagged || status === 'exhausted',
    why,
  };
}
