// The `ALERTS{alertstate="firing"}` series of a Prometheus over a window: one query_range (the
// step grows with the window so no series exceeds Prometheus's 11,000 points per query).
import { parsePromMatrix, type PromSeries } from '../checks/index.ts';
import type { Config } from '../platform/config.ts';
import { UnavailableError } from '../platform/problems.ts';
import { getJson, type JsonGetDeps } from './http-json.ts';

export const FIRING_QUERY = 'ALERTS{alertstate="firing"}';

/** The step for a window: one minute, or coarser when the window has more than 10,000 minutes. */
export function stepFor(seconds: number): number {
  return Math.max(60, Math.ceil(seconds / 10_000 / 60) * 60);
}

export async function firingSeries(deps: JsonGetDeps & { prometheus: Config['checks']['prometheus'] }, server: string, w: { start: number; end: number; step: number }): Promise<PromSeries[]> {
  const conf = deps.prometheus[server];
  if (!conf) throw new UnavailableError(`no Prometheus server named "${server}" under checks.prometheus in tally.yaml (alerts.prometheus names it)`);
  const q = new URLSearchParams({ query: FIRING_QUERY, start: String(w.start), end: String(w.end), step: String(w.step) });
  const what = `the ALERTS series of Prometheus "${server}"`;
  const { status, text } = await getJson(deps, `${conf.url.replace(/\/+$/, '')}/api/v1/query_range?${q}`, conf.headers, what);
  const parsed = parsePromMatrix(status, text);
  if (!parsed.ok) throw new UnavailableError(`could not read ${what}: ${parsed.error}`);
  return parsed.series;
}
