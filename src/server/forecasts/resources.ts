// Resources to forecast: catalog entities (kind Resource, or a Component) whose annotations give
// a capacity. Their usage comes from Prometheus (`tally.dev/usage-query`, read with query_range
// over the history) or from samples uploaded as CSV. Each is forecast at `now`: time to exhaustion
// against its lead time + safety margin, and rolling-origin backtests of the methods.
import { parseDuration } from '../../common/duration.ts';
import type { ResourceForecast } from '../../common/api/forecasts.ts';
import type { CatalogEntity, CatalogSnapshot } from '../catalog/index.ts';
import type { Config } from '../platform/config.ts';
import { backtest } from './backtest.ts';
import { DAY_MS, forecastCurves, timeToExhaustion, type Curves, type Scenario } from './exhaustion.ts';
import type { Series } from './methods/series.ts';
import { promInstant, promRange } from './prometheus.ts';
import { loadSamples } from './repository.ts';
import type { Db } from '../platform/db/connect.ts';

export const ANNOTATION = {
  capacity: 'tally.dev/capacity',
  /** The capacity split by site (or supplier): `ams=120, rtm=80` — for the "site lost" scenario. */
  capacitySites: 'tally.dev/capacity-sites',
  capacityQuery: 'tally.dev/capacity-query',
  usageQuery: 'tally.dev/usage-query',
  leadTime: 'tally.dev/lead-time',
  safetyMargin: 'tally.dev/safety-margin',
  history: 'tally.dev/forecast-history',
  method: 'tally.dev/forecast-method',
  /** short, mid or long: the default history and method of that horizon. */
  horizon: 'tally.dev/forecast-horizon',
  kind: 'tally.dev/usage-kind',
  unit: 'tally.dev/capacity-unit',
  server: 'tally.dev/prometheus-server',
  /** A fact name: each numeric value pushed under it (facts API) becomes a usage sample. */
  usageFact: 'tally.dev/usage-fact',
} as const;

/**
 * The horizons: short (hours ahead) fits the last 6 hours with predict_linear, as disk alerts do;
 * mid (weeks ahead) fits `forecasts.history` (default 30 days) linearly; long (months ahead) fits
 * 180 days with the seasonal method, so weekly and daily cycles do not pass for growth. Explicit
 * `tally.dev/forecast-history` and `tally.dev/forecast-method` override them.
 */
export const HORIZONS = {
  short: { history: '6h', method: 'linear' },
  mid: { history: undefined, method: 'linear' },
  long: { history: '180d', method: 'seasonal' },
} as const;

export interface ResourceSpec {
  ref: string;
  title: string;
  owner: string | null;
  tier: number | null;
  capacity: number | null;
  /** The capacity's share per site (empty: not split). */
  sites: Site[];
  capacityQuery: string | null;
  usageQuery: string | null;
  server: string;
  leadTimeMs: number;
  safetyMarginMs: number;
  historyMs: number;
  method: 'linear' | 'seasonal';
  kind: 'gauge' | 'counter';
  unit: string | null;
  /** Annotations that could not be read: the resource cannot be forecast until they are fixed. */
  problems: string[];
}

export interface Site {
  name: string;
  capacity: number;
}

const MAX_SITES = 50;

/** `ams=120, rtm=80` as sites, or what is wrong with it. */
export function parseSites(text: string): Site[] | string {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return 'no site: write name=capacity, e.g. "ams=120, rtm=80"';
  if (parts.length > MAX_SITES) return `${parts.length} sites: at most ${MAX_SITES}`;
  const sites: Site[] = [];
  for (const part of parts) {
    const m = /^([A-Za-z0-9][\w.-]{0,99})\s*=\s*(\S+)$/.exec(part);
    const capacity = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(capacity) || capacity < 0) return `"${part}" is not name=capacity (a site name and a number >= 0)`;
    if (sites.some((s) => s.name === m[1])) return `site ${m[1]} is named twice`;
    sites.push({ name: m[1], capacity });
  }
  return sites;
}

const annotationsOf = (e: CatalogEntity) => (e.entity.metadata.annotations ?? {}) as Record<string, string>;

export const isResource = (e: CatalogEntity): boolean => {
  const a = annotationsOf(e);
  return a[ANNOTATION.capacity] !== undefined || a[ANNOTATION.capacityQuery] !== undefined || a[ANNOTATION.capacitySites] !== undefined;
};

/** The sites of the annotation (checked against the capacity when both are given). */
function sitesOf(a: Record<string, string>, capacity: number | null, problems: string[]): { sites: Site[]; capacity: number | null } {
  const text = a[ANNOTATION.capacitySites];
  if (text === undefined) return { sites: [], capacity };
  const sites = parseSites(text);
  if (typeof sites === 'string') {
    problems.push(`${ANNOTATION.capacitySites}: ${sites}`);
    return { sites: [], capacity };
  }
  const total = sites.reduce((sum, s) => sum + s.capacity, 0);
  if (capacity === null && a[ANNOTATION.capacityQuery] === undefined) return { sites, capacity: total };
  if (capacity !== null && Math.abs(total - capacity) > 1e-9 * Math.max(1, capacity)) problems.push(`${ANNOTATION.capacitySites}: the sites add up to ${total}, not the capacity ${capacity}`);
  return { sites, capacity };
}

export function resourceSpec(e: CatalogEntity, config: Config): ResourceSpec {
  const a = annotationsOf(e);
  const f = config.forecasts;
  const problems: string[] = [];
  const duration = (key: string, fallback: string) => {
    const text = a[key] ?? fallback;
    const ms = parseDuration(text);
    if (ms === undefined) problems.push(`${key}: "${text}" is not a duration such as 90d`);
    return ms ?? parseDuration(fallback)!;
  };
  let capacity: number | null = null;
  if (a[ANNOTATION.capacity] !== undefined) {
    capacity = Number(a[ANNOTATION.capacity]);
    if (a[ANNOTATION.capacity].trim() === '' || !Number.isFinite(capacity)) problems.push(`${ANNOTATION.capacity}: "${a[ANNOTATION.capacity]}" is not a number`);
  }
  const split = sitesOf(a, Number.isFinite(capacity) ? capacity : null, problems);
  const horizonName = a[ANNOTATION.horizon] ?? 'mid';
  if (!(horizonName in HORIZONS)) problems.push(`${ANNOTATION.horizon}: "${horizonName}" is not short, mid or long`);
  const horizon = HORIZONS[horizonName as keyof typeof HORIZONS] ?? HORIZONS.mid;
  const method = a[ANNOTATION.method] ?? horizon.method;
  if (method !== 'linear' && method !== 'seasonal') problems.push(`${ANNOTATION.method}: "${method}" is not linear or seasonal`);
  const kind = a[ANNOTATION.kind] ?? 'gauge';
  if (kind !== 'gauge' && kind !== 'counter') problems.push(`${ANNOTATION.kind}: "${kind}" is not gauge or counter`);
  return {
    ref: e.ref,
    title: (e.entity.metadata.title as string | undefined) ?? e.name,
    owner: e.owner,
    tier: e.tier,
    capacity: split.capacity,
    sites: split.sites,
    capacityQuery: a[ANNOTATION.capacityQuery] ?? null,
    usageQuery: a[ANNOTATION.usageQuery] ?? null,
    server: a[ANNOTATION.server] ?? 'default',
    leadTimeMs: duration(ANNOTATION.leadTime, f.defaultLeadTime),
    safetyMarginMs: duration(ANNOTATION.safetyMargin, f.safetyMargin),
    historyMs: duration(ANNOTATION.history, horizon.history ?? f.history),
    method: method === 'seasonal' ? 'seasonal' : 'linear',
    kind: kind === 'counter' ? 'counter' : 'gauge',
    unit: a[ANNOTATION.unit] ?? null,
    problems,
  };
}

export function resourceSpecs(catalog: CatalogSnapshot, config: Config): ResourceSpec[] {
  return catalog.entities.filter(isResource).map((e) => resourceSpec(e, config));
}

export interface ForecastDeps {
  db: Db;
  config: Config;
  fetch?: typeof fetch;
}

export interface Forecasted {
  forecast: ResourceForecast;
  history: Series;
  curves?: Curves;
}

async function usageOf(deps: ForecastDeps, spec: ResourceSpec, now: Date): Promise<{ series: Series; source: 'prometheus' | 'samples' } | string> {
  const from = new Date(now.getTime() - spec.historyMs);
  if (!spec.usageQuery) return { series: await loadSamples(deps.db, spec.ref, from, now), source: 'samples' };
  const step = Math.max(1000, Math.ceil(spec.historyMs / deps.config.forecasts.prometheusPoints / 1000) * 1000);
  const r = await promRange(deps, spec.server, spec.usageQuery, from, now, step);
  return typeof r === 'string' ? r : { series: r, source: 'prometheus' };
}

async function capacityOf(deps: ForecastDeps, spec: ResourceSpec, now: Date): Promise<number | string> {
  if (spec.capacity !== null) return spec.capacity;
  if (!spec.capacityQuery) return 'no capacity';
  return promInstant(deps, spec.server, spec.capacityQuery, now);
}

/** The forecast of one resource at `now`, under a scenario. */
export interface ForecastOptions {
  /** The methods backtested (default all three; the capacity check asks for the resource's own only). */
  backtests?: readonly ('linear' | 'holt' | 'seasonal')[];
}

export async function forecastResource(deps: ForecastDeps, spec: ResourceSpec, now: Date, scenario: Scenario = {}, options: ForecastOptions = {}): Promise<Forecasted> {
  const base = {
    ref: spec.ref, title: spec.title, owner: spec.owner, tier: spec.tier, source: spec.usageQuery ? ('prometheus' as const) : ('samples' as const),
    method: spec.method, kind: spec.kind, unit: spec.unit, leadTimeDays: spec.leadTimeMs / DAY_MS, safetyMarginDays: spec.safetyMarginMs / DAY_MS,
    expectedAt: null, pessimisticAt: null, daysLeft: null, backtests: [], proposed: null, sites: spec.sites,
  };
  const empty: Series = { t: new Float64Array(0), v: new Float64Array(0) };
  const cannot = (why: string, history = empty, capacity: number | null = spec.capacity): Forecasted => ({
    forecast: { ...base, capacity, usage: history.v.length ? finite(history.v[history.v.length - 1]) : null, samples: history.t.length, status: 'cannot-forecast', why },
    history,
  });
  if (spec.problems.length) return cannot(`bad annotations: ${spec.problems.join('; ')}`);
  const usage = await usageOf(deps, spec, now);
  if (typeof usage === 'string') return cannot(usage);
  const capacity = await capacityOf(deps, spec, now);
  if (typeof capacity === 'string') return cannot(`capacity: ${capacity}`, usage.series);
  const atMs = now.getTime();
  const history = usage.series;
  const input = { history, kind: spec.kind, capacity, atMs, method: spec.method, leadTimeMs: spec.leadTimeMs, safetyMarginMs: spec.safetyMarginMs, scenario };
  const curves = capacity > 0 ? forecastCurves(input) : undefined;
  const ex = timeToExhaustion(input, curves);
  if (ex.status === 'cannot-forecast') return cannot(ex.reason, history, capacity);
  const bt = backtest(history, options.backtests ?? ['linear', 'holt', 'seasonal'], { rangeMs: spec.historyMs / 2, horizonMs: Math.min(spec.historyMs / 4, 7 * DAY_MS), periodsMs: [DAY_MS] }, 6);
  return {
    forecast: {
      ...base, capacity: ex.capacity, usage: finite(history.v[history.v.length - 1]), samples: history.t.length,
      status: ex.flagged ? 'flagged' : ex.status === 'not-within' ? 'not-within' : 'ok', why: ex.why,
      expectedAt: ex.expectedAt, pessimisticAt: ex.pessimisticAt, daysLeft: ex.daysLeft, backtests: bt.backtests, proposed: bt.proposed,
    },
    history,
    curves: typeof curves === 'object' ? curves : undefined,
  };
}

/** A scenario as the API and the CLI ask for it: a lost site by name. */
export interface ScenarioRequest {
  delayDays?: number;
  demandUpPercent?: number;
  capacityLostPercent?: number;
  /** The name of a site in tally.dev/capacity-sites. */
  siteLost?: string;
}

/** The scenario of one resource; a site it does not have is a string saying so. */
export function scenarioFor(spec: ResourceSpec, req: ScenarioRequest): Scenario | string {
  const { siteLost, ...rest } = req;
  if (!siteLost) return rest;
  const site = spec.sites.find((s) => s.name === siteLost);
  if (!site) return `${spec.ref} has no site "${siteLost}" (${spec.sites.length ? `its sites: ${spec.sites.map((s) => s.name).join(', ')}` : `no ${ANNOTATION.capacitySites} annotation`})`;
  return { ...rest, siteLost: site };
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

const RANK = { flagged: 0, ok: 1, 'not-within': 2, 'cannot-forecast': 3 } as const;

/** Flagged first, then by days left (soonest first); no date last. */
export function byTimeToExhaustion(a: ResourceForecast, b: ResourceForecast): number {
  return RANK[a.status] - RANK[b.status] || (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.ref.localeCompare(b.ref);
}
