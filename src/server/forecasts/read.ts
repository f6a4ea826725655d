// The read models of the API and the web UI: every resource's forecast, sorted by time to
// exhaustion, and one resource's chart data (history thinned to ~600 points, the forecast line
// and band from now to past the later of the pessimistic date and the lead time).
import type { ResourceForecastDetail, ResourceForecastList } from '../../common/api/forecasts.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { DAY_MS, type Scenario } from './exhaustion.ts';
import { byTimeToExhaustion, forecastResource, resourceSpec, resourceSpecs, type ForecastDeps } from './resources.ts';

const HISTORY_POINTS = 600;
const LINE_POINTS = 120;

export async function forecastList(deps: ForecastDeps, now: Date, scenario: Scenario = {}): Promise<ResourceForecastList> {
  const specs = resourceSpecs(await catalogSnapshot(deps.db), deps.config);
  const items = [];
  for (const spec of specs) items.push((await forecastResource(deps, spec, now, scenario)).forecast);
  return { evaluatedAt: now.toISOString(), items: items.sort(byTimeToExhaustion) };
}

export async function forecastDetail(deps: Pick<AppDeps, 'db' | 'config'> & ForecastDeps, ref: string, now: Date, scenario: Required<Scenario>): Promise<ResourceForecastDetail> {
  const entity = (await catalogSnapshot(deps.db)).byRef.get(ref)!;
  const spec = resourceSpec(entity, deps.config);
  const { forecast, history, curves } = await forecastResource(deps, spec, now, scenario);
  const every = Math.max(1, Math.ceil(history.t.length / HISTORY_POINTS));
  const points: [number, number | null][] = [];
  for (let i = 0; i < history.t.length; i += every) points.push([history.t[i], Number.isFinite(history.v[i]) ? history.v[i] : null]);
  const neededMs = spec.leadTimeMs + scenario.delayDays * DAY_MS + spec.safetyMarginMs;
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
  const orderBy = forecast.pessimisticAt ? new Date(Date.parse(forecast.pessimisticAt) - spec.leadTimeMs - scenario.delayDays * DAY_MS).toISOString() : null;
  return { evaluatedAt: now.toISOString(), forecast, history: points, line, orderBy, leadTimeAt: new Date(now.getTime() + neededMs).toISOString(), scenario };
}
