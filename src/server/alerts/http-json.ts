// One GET of a JSON API Tally reads for alerts (Prometheus, Alertmanager): a deadline, a size
// cap, and every failure as an UnavailableError that names the server and why — an unreachable
// source is "could not evaluate", never an empty answer.
import { fetchWithTimeout, isTimeoutError, readBodyCapped } from '../platform/outbound/fetch.ts';
import { UnavailableError } from '../platform/problems.ts';

export interface JsonGetDeps {
  fetch: typeof fetch;
  timeoutMs: number;
}

export async function getJson(deps: JsonGetDeps, url: string, headers: Record<string, string> | undefined, what: string, maxBytes = 32 * 1024 * 1024): Promise<{ status: number; text: string; json: unknown }> {
  let text: string;
  let status: number;
  try {
    const res = await fetchWithTimeout(deps.fetch, url, { headers: { accept: 'application/json', ...headers } }, deps.timeoutMs);
    const body = await readBodyCapped(res, maxBytes);
    if (body.truncated) throw new UnavailableError(`${what} answered more than ${maxBytes} bytes`);
    text = body.text;
    status = res.status;
  } catch (err) {
    if (err instanceof UnavailableError) throw err;
    const why = isTimeoutError(err) ? `no answer within ${deps.timeoutMs} ms` : ((err as { cause?: { code?: string } }).cause?.code ?? String(err));
    throw new UnavailableError(`could not read ${what}: ${why}`);
  }
  try {
    return { status, text, json: JSON.parse(text) };
  } catch {
    throw new UnavailableError(`${what} answered HTTP ${status} with something that is not JSON`);
  }
}
