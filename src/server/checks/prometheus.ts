// Check type `prometheus`: an instant PromQL query per entity, judged by a CEL expression.
// collect sends one request per distinct (server, rendered query) through the Prometheus
// HTTP API (GET /api/v1/query); evaluate applies `expect` to the samples.
//
// Prometheus servers come from tally.yaml (operator configuration, usually internal
// addresses), so their URLs are trusted and do not pass the outbound allowlist; the query
// from the check is only ever a URL parameter.
import { z } from 'zod';
import type { Problem } from '../platform/problems.ts';
import type { CheckContext, CheckType, CollectDeps, CollectItem, Outcome, CheckEnv } from './types.ts';
import { escapeForPromql, renderTemplate, templateProblems } from './http-template.ts';
import { checkCelProblems, evaluateCheckCel } from './cel.ts';
import { fetchWithTimeout, isTimeoutError, mapLimit, readBodyCapped } from '../platform/outbound/fetch.ts';
import { parsePromResponse, type PromSample } from './prometheus-api.ts';

const CONCURRENCY = 8;
const MAX_RESPONSE = 8 * 1024 * 1024;

export const prometheusConfigSchema = z
  .object({
    type: z.literal('prometheus'),
    server: z.string().min(1).optional(),
    query: z.string().min(1).max(8192),
    expect: z.string().min(1).max(4096),
    noData: z.enum(['fail', 'error', 'n/a']).optional(),
  })
  .strict();
export type PrometheusCheckConfig = z.infer<typeof prometheusConfigSchema>;

export type PrometheusObservation = { ok: true; query: string; samples: PromSample[]; observedAt: string } | { ok: false; query: string; error: string; observedAt: string };

function renderQuery(config: PrometheusCheckConfig, ctx: CheckContext): { ok: true; query: string } | { ok: false; message: string } {
  const r = renderTemplate(config.query, ctx, escapeForPromql);
  return r.ok ? { ok: true, query: r.value } : { ok: false, message: `the query needs {{${r.missing}}}, which this entity does not have` };
}

/** What `expect` sees besides the entity variables. `value` is dyn, not double: a declared double refuses `value == 1`. */
export const PROMETHEUS_CEL_TYPES = { value: 'dyn', values: 'list<map<string, dyn>>', count: 'int' } as const;

function compilePrometheus(config: PrometheusCheckConfig, env: CheckEnv): Problem[] {
  return [...templateProblems(config.query, 'query'), ...checkCelProblems(config.expect, env, PROMETHEUS_CEL_TYPES, 'expect')];
}

async function collectPrometheus(items: CollectItem<PrometheusCheckConfig>[], deps: CollectDeps): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  if (deps.offline) return out;
  const groups = new Map<string, { server: string; query: string; keys: string[] }>();
  for (const item of items) {
    const q = renderQuery(item.config, item.ctx);
    if (!q.ok) continue;
    const server = item.config.server ?? 'default';
    const id = `${server}\n${q.query}`;
    const g = groups.get(id) ?? { server, query: q.query, keys: [] };
    g.keys.push(item.key);
    groups.set(id, g);
  }
  const list = [...groups.values()];
  const results = await mapLimit(list, CONCURRENCY, (g) => queryPrometheus(deps, g.server, g.query));
  list.forEach((g, i) => g.keys.forEach((k) => out.set(k, results[i])));
  return out;
}

/** One instant query at deps.now(); never throws. */
export async function queryPrometheus(deps: CollectDeps, server: string, query: string): Promise<PrometheusObservation> {
  const now = deps.now();
  const observedAt = now.toISOString();
  const conf = deps.config.prometheus[server];
  if (!conf) return { ok: false, query, observedAt, error: `no Prometheus server named "${server}" in the configuration` };
  const url = `${conf.url.replace(/\/+$/, '')}/api/v1/query?${new URLSearchParams({ query, time: String(now.getTime() / 1000) })}`;
  try {
    const res = await fetchWithTimeout(deps.fetch, url, { headers: { accept: 'application/json', ...conf.headers } }, deps.timeoutMs);
    const body = await readBodyCapped(res, MAX_RESPONSE);
    if (body.truncated) return { ok: false, query, observedAt, error: `Prometheus answer larger than ${MAX_RESPONSE} bytes; narrow the query` };
    const parsed = parsePromResponse(res.status, body.text);
    return parsed.ok ? { ok: true, query, observedAt, samples: parsed.samples } : { ok: false, query, observedAt, error: parsed.error };
  } catch (err) {
    const why = isTimeoutError(err) ? `no answer within ${deps.timeoutMs} ms` : ((err as { cause?: { code?: string } }).cause?.code ?? String(err));
    return { ok: false, query, observedAt, error: `Prometheus "${server}" unreachable: ${why}` };
  }
}

function evaluatePrometheus(config: PrometheusCheckConfig, ctx: CheckContext, observation: unknown, env: CheckEnv): Outcome {
  const q = renderQuery(config, ctx);
  if (!q.ok) return { state: 'n/a', message: q.message };
  const o = observation as PrometheusObservation | undefined;
  if (!o || typeof o !== 'object' || typeof o.ok !== 'boolean') return { state: 'n/a', message: 'not evaluated offline: Prometheus was not queried (pass --probe to query it)', evidence: { offline: true, query: q.query } };
  if (!o.ok) return { state: 'error', message: o.error, evidence: { query: o.query }, observedAt: o.observedAt };
  const evidence = { query: o.query, count: o.samples.length, samples: o.samples.slice(0, 10) };
  if (o.samples.length === 0) {
    const state = config.noData ?? 'fail';
    return { state, message: 'the query returned no data', evidence, observedAt: o.observedAt };
  }
  const vars = { value: o.samples[0].value, values: o.samples, count: BigInt(o.samples.length) };
  const r = evaluateCheckCel(config.expect, env, ctx, PROMETHEUS_CEL_TYPES, vars);
  const shown = `value ${o.samples[0].value}${o.samples.length > 1 ? ` (first of ${o.samples.length})` : ''}`;
  if (!r.ok) return { state: 'error', message: r.message, evidence, observedAt: o.observedAt };
  const message = r.value ? `${config.expect} holds: ${shown}` : `${config.expect} is false: ${shown}`;
  return { state: r.value ? 'pass' : 'fail', message, evidence, observedAt: o.observedAt };
}

export const prometheusCheck: CheckType<PrometheusCheckConfig> = {
  type: 'prometheus',
  schema: prometheusConfigSchema,
  allowedFromApi: true,
  compile: compilePrometheus,
  reads: (config, env) => env.celReads(config.expect),
  collect: collectPrometheus,
  evaluate: evaluatePrometheus,
};
