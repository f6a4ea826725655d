// Usage and capacity from Prometheus: query_range over the history (one series: aggregate the
// query to one), and an instant query for a capacity. Servers are `checks.prometheus` in
// tally.yaml (the same as the prometheus check's). Failures come back as the reason, not thrown.
import { fetchWithTimeout, readBodyCapped } from '../platform/outbound/fetch.ts';
import type { ForecastDeps } from './resources.ts';
import type { Series } from './methods/series.ts';

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

function value(v: string): number {
  return v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v);
}

async function call(deps: ForecastDeps, server: string, path: string, params: Record<string, string>): Promise<unknown | string> {
  const conf = deps.config.checks.prometheus[server];
  if (!conf) return `no Prometheus server named "${server}" in the configuration (checks.prometheus.${server})`;
  const url = `${conf.url.replace(/\/$/, '')}${path}?${new URLSearchParams(params)}`;
  try {
    const res = await fetchWithTimeout(deps.fetch ?? fetch, url, { headers: { accept: 'application/json', ...conf.headers } }, TIMEOUT_MS);
    const body = await readBodyCapped(res, MAX_BYTES);
    if (body.truncated) return `Prometheus answered more than ${MAX_BYTES} bytes`;
    const json = JSON.parse(body.text) as { status?: string; error?: string; errorType?: string; data?: unknown };
    if (json.status !== 'success') return `Prometheus error: ${json.errorType ?? res.status}: ${json.error ?? 'no message'}`;
    return json.data;
  } catch (err) {
    return `Prometheus at ${conf.url} could not be read: ${(err as Error).message}`;
  }
}

export async function promRange(deps: ForecastDeps, server: string, query: string, from: Date, to: Date, stepMs: number): Promise<Series | string> {
  const data = await call(deps, server, '/api/v1/query_range', { query, start: (from.getTime() / 1000).toFixed(3), end: (to.getTime() / 1000).toFixed(3), step: `${stepMs / 1000}s` });
  if (typeof data === 'string') return data;
  const result = (data as { result?: { values?: [number, string][] }[] }).result ?? [];
  if (result.length === 0) return `the usage query returned no data over the history`;
  if (result.length > 1) return `the usage query returned ${result.length} series: aggregate it to one (e.g. sum(...))`;
  const values = result[0].values ?? [];
  return { t: Float64Array.from(values, (p) => Math.round(p[0] * 1000)), v: Float64Array.from(values, (p) => value(p[1])) };
}

export async function promInstant(deps: ForecastDeps, server: string, query: string, at: Date): Promise<number | string> {
  const data = await call(deps, server, '/api/v1/query', { query, time: (at.getTime() / 1000).toFixed(3) });
  if (typeof data === 'string') return data;
  const d = data as { resultType?: string; result?: unknown };
  if (d.resultType === 'scalar') return value((d.result as [number, string])[1]);
  const r = (d.result ?? []) as { value: [number, string] }[];
  if (r.length !== 1) return `the capacity query returned ${r.length} series, not one`;
  return value(r[0].value[1]);
}
