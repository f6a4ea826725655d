// The SLO domain's one way to ask Prometheus: a POST to its HTTP API on a server named under
// `checks.prometheus`, answered as text or as a reason it could not be ("could not evaluate").
// Loopback answers are not compressed (identity): gzip costs both sides CPU for nothing there.
import type { Config } from '../platform/config.ts';
import { fetchWithTimeout, isTimeoutError, readBodyCapped } from '../platform/outbound/fetch.ts';

export interface PromDeps {
  fetch: typeof fetch;
  /** The `checks.prometheus` servers of tally.yaml. */
  prometheus: Config['checks']['prometheus'];
  timeoutMs: number;
}

const MAX_RESPONSE = 32 * 1024 * 1024;

export type PromAnswer = { ok: true; status: number; text: string } | { ok: false; error: string };

/** POST `path` (e.g. /api/v1/query_range) with form `params`; never throws. */
export async function askPrometheus(deps: PromDeps, serverName: string, path: string, params: Record<string, string>): Promise<PromAnswer> {
  const server = deps.prometheus[serverName];
  if (!server) return { ok: false, error: `no Prometheus server named "${serverName}" under checks.prometheus in tally.yaml` };
  const base = server.url.replace(/\/+$/, '');
  const loopback = /^https?:\/\/(127\.|localhost[:/]|\[::1\])/.test(`${base}/`);
  try {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(loopback ? { 'accept-encoding': 'identity' } : {}), ...server.headers };
    const res = await fetchWithTimeout(deps.fetch, `${base}${path}`, { method: 'POST', headers, body: new URLSearchParams(params).toString() }, deps.timeoutMs);
    const body = await readBodyCapped(res, MAX_RESPONSE);
    if (body.truncated) return { ok: false, error: `the answer is larger than ${MAX_RESPONSE} bytes` };
    return { ok: true, status: res.status, text: body.text };
  } catch (err) {
    const why = isTimeoutError(err) ? `no answer within ${deps.timeoutMs} ms` : ((err as { cause?: { code?: string } }).cause?.code ?? String(err));
    return { ok: false, error: `Prometheus "${serverName}" unreachable: ${why}` };
  }
}
