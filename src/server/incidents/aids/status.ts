// A service's status endpoint, fetched live for the incident page through the outbound guard
// (checks.outbound), with a deadline and a capped body: what it says now, not what it said at the
// last evaluation.
import { catalogSnapshot, readTallyAnnotations } from '../../catalog/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { guardedFetch, readBodyCapped } from '../../platform/outbound/fetch.ts';

const TIMEOUT_MS = 3000;
const BODY_LIMIT = 4096;

export async function fetchServiceStatus(db: Db, config: Config, service: string, opts: { fetch?: typeof fetch; now: () => Date }) {
  const entity = (await catalogSnapshot(db)).byRef.get(service)?.entity;
  const url = entity ? (readTallyAnnotations(entity).statusUrl ?? null) : null;
  const base = { service, url, fetchedAt: opts.now().toISOString() };
  if (!url) return { ...base, ok: false, status: null, latencyMs: null, body: null, error: 'no tally.dev/status-url in the catalog' };
  const started = opts.now().getTime();
  try {
    const r = await guardedFetch(opts.fetch ?? fetch, url, { headers: { accept: 'application/json, text/plain' } }, { policy: { ...config.checks.outbound, allow: [...config.checks.outbound.allow] }, timeoutMs: TIMEOUT_MS });
    if (!r.ok) return { ...base, ok: false, status: null, latencyMs: null, body: null, error: `refused by the outbound policy: ${r.refused}` };
    const { text } = await readBodyCapped(r.res, BODY_LIMIT);
    return { ...base, ok: r.res.ok, status: r.res.status, latencyMs: opts.now().getTime() - started, body: text, error: null };
  } catch (err) {
    return { ...base, ok: false, status: null, latencyMs: opts.now().getTime() - started, body: null, error: (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : (err as Error).message };
  }
}
