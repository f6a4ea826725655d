// The read models of the API and the web UI: every resource's forecast, sorted by time to
// exhaustion, and one resource's chart data (history thinned to ~600 points, the forecast line
// and band from now to past the later of the pessimistic date and the lead time).
import type { ResourceForecastDetail, ResourceForecastList } from '../../common/api/forecasts.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { InputError, problem } from '../platform/problems.ts';
import { DAY_MS } from './exhaustion.ts';
import { byTimeToExhaustion, forecastResource, resourceSpec, resourceSpecs, scenarioFor, type ForecastDeps, type ScenarioRequest } from './resources.ts';

const HISTORY_POINTS = 600;
const LINE_POINTS = 120;

/** Every resource under the scenario; a lost site applies to the resources that have it. */
export async function forecastList(deps: ForecastDeps, now: Date, req: ScenarioRequest = {}): Promise<ResourceForecastList> {
  const specs = resourceSpecs(await catalogSnapshot(deps.db), deps.config);
  const items = [];
  for (const spec of specs) {
    const withSite = scenarioFor(spec, req);
    const scenario = typeof withSite === 'string' ? { ...req, siteLost: undefined } : withSite;
    items.push((await forecastResource(deps, spec, now, scenario)).forecast);
  }
  return { evaluatedAt: now.toISOString(), items: items.sort(byTimeToExhaustion) };
}

/** `req.siteLost` must be one of the resource's sites (a 400 naming them otherwise). */
export async function forecastDetail(deps: Pick<AppDeps, 'db' | 'config'> & ForecastDeps, ref: string, now: Date, req: Required<Omit<ScenarioRequest, 'siteLost'>> & { siteLost?: string }): Promise<ResourceForecastDetail> {
  const entity = (await catalogSnapshot(deps.db)).byRef.get(ref)!;
  const spec = resourceSpec(entity, deps.config);
  const scenario = scenarioFor(spec, req);
  if (typeof scenario === 'string') throw new InputError(scenario, [problem('no such site', { field: 'querystring.siteLost' })]);
  const { forecast, history, curves } = await forecastResource(deps, spec, now, scenario);
  const every = Math.max(1, Math.ceil(history.t.length / HISTORY_POINTS));
  const points: [number, number | null][] = [];
  for (let i = 0; i < history.t.length; i += every) points.push([history.t[i], Number.isFinite(history.v[i]) ? history.v[i] : null]);
  const neededMs = spec.leadTimeMs + req.delayDays * DAY_MS + spec.safetyMarginMs;
  const daysLeftMs = forecast.daysLeft === null ? 0 : forecast.daysLeft * DAY_MS;
  const span = Math.max(neededMs, daysLeftMs) * 1.25;
  const line: [number, number, number, number][] = [];
  if (curves) {
    for (let k = 0; k <= LINE_POINTS; k++) {
      const h = (span * k) / LINE_POINTS;
      const row: [number, number, number, number] = [now.getTime() + h, curves.point(h), curves.lower(h), curves.upper(h)];
      if (row.every(Number.isFinite)) line.push(row);
    }
  }
  const orderBy = forecast.pessimisticAt ? new Date(Date.parse(forecast.pessimisticAt) - spec.leadTimeMs - req.delayDays * DAY_MS).toISOString() : null;
  const { delayDays, demandUpPercent, capacityLostPercent } = req;
  return { evaluatedAt: now.toISOString(), forecast, history: points, line, orderBy, leadTimeAt: new Date(now.getTime() + neededMs).toISOString(), scenario: { delayDays, demandUpPercent, capacityLostPercent, siteLost: req.siteLost ?? null } };
}
