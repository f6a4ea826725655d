// The alerting and recording rules a Prometheus has loaded, read from its `/api/v1/rules`, as
// PromRules for the lint (file names as Prometheus gives them; no lines: the API has none).
import type { Config } from '../platform/config.ts';
import { fetchWithTimeout, isTimeoutError, readBodyCapped } from '../platform/outbound/fetch.ts';
import { UnavailableError } from '../platform/problems.ts';
import type { PromRule } from './rule-file.ts';

const MAX_RESPONSE = 32 * 1024 * 1024;

interface ApiRule {
  type?: string;
  name?: string;
  query?: string;
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export async function prometheusRules(deps: { fetch: typeof fetch; prometheus: Config['checks']['prometheus']; timeoutMs: number }, server: string): Promise<PromRule[]> {
  const conf = deps.prometheus[server];
  if (!conf) throw new UnavailableError(`no Prometheus server named "${server}" under checks.prometheus in tally.yaml`);
  let text: string;
  let status: number;
  try {
    const res = await fetchWithTimeout(deps.fetch, `${conf.url.replace(/\/+$/, '')}/api/v1/rules`, { headers: { accept: 'application/json', ...conf.headers } }, deps.timeoutMs);
    const body = await readBodyCapped(res, MAX_RESPONSE);
    if (body.truncated) throw new UnavailableError(`Prometheus "${server}" answered more than ${MAX_RESPONSE} bytes of rules`);
    text = body.text;
    status = res.status;
  } catch (err) {
    if (err instanceof UnavailableError) throw err;
    const why = isTimeoutError(err) ? `no answer within ${deps.timeoutMs} ms` : ((err as { cause?: { code?: string } }).cause?.code ?? String(err));
    throw new UnavailableError(`could not read the rules of Prometheus "${server}": ${why}`);
  }
  let json: { status?: string; error?: string; data?: { groups?: { name?: string; file?: string; rules?: ApiRule[] }[] } };
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnavailableError(`Prometheus "${server}" answered HTTP ${status} with something that is not JSON`);
  }
  if (json.status !== 'success') throw new UnavailableError(`Prometheus "${server}" refused: ${json.error ?? `HTTP ${status}`}`);
  return (json.data?.groups ?? []).flatMap((g) =>
    (g.rules ?? []).map((r) => ({
      file: g.file ?? '',
      line: 0,
      group: g.name ?? '',
      alert: r.type === 'alerting' ? r.name : undefined,
      record: r.type === 'recording' ? r.name : undefined,
      expr: r.query ?? '',
      for: r.type === 'alerting' ? `${r.duration ?? 0}s` : undefined,
      labels: r.labels ?? {},
      annotations: r.annotations ?? {},
    })),
  );
}
