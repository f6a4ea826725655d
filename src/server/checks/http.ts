// Check type `http`: probes a status endpoint. collect does the I/O (one probe per distinct
// URL, through the outbound guard); evaluate turns the observation into an outcome.
//
// Outcome rules (docs/checks.md): no URL → n/a; refused by the outbound guard or DNS failure
// (our side) → error; no answer (timeout, connection refused, TLS failure: the service's
// side) → fail; unexpected status or body expectation false → fail; slower than
// maxLatencyMs with everything else right → warn (it answers, but degraded).
import { z } from 'zod';
import { ANNOTATIONS } from '../../common/catalog.ts';
import type { EvidenceObject } from '../../common/evidence.ts';
import type { Problem } from '../platform/problems.ts';
import type { CheckContext, CheckType, CollectDeps, CollectItem, Outcome, CheckEnv } from './types.ts';
import { escapeForUrl, renderTemplate, templateProblems } from './http-template.ts';
import { checkCelProblems, evaluateCheckCel } from './cel.ts';
import { fetchErrorCode, guardedFetch, isTimeoutError, mapLimit, readBodyCapped } from '../platform/outbound/fetch.ts';
import { resolveTallyUrl } from '../platform/outbound/tally-url.ts';

const CONCURRENCY = 16;
const EXCERPT = 500;

export const httpConfigSchema = z
  .object({
    type: z.literal('http'),
    url: z.string().min(1).max(2048).optional(),
    method: z.enum(['GET', 'HEAD']).optional(),
    expect: z
      .object({
        status: z.union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)]).optional(),
        maxLatencyMs: z.number().positive().optional(),
        body: z.string().min(1).max(4096).optional(),
      })
      .strict()
      .optional(),
    timeoutMs: z.number().int().positive().max(120_000).optional(),
  })
  .strict();
export type HttpCheckConfig = z.infer<typeof httpConfigSchema>;

export interface HttpObservation {
  url: string;
  status?: number;
  latencyMs?: number;
  headers?: Record<string, string>;
  body?: string;
  truncated?: boolean;
  failure?: { kind: 'refused' | 'dns' | 'timeout' | 'network'; message: string };
  observedAt: string;
}

const DEFAULT_URL = `{{annotation:${ANNOTATIONS.statusUrl}}}`;

/** The URL to probe for this entity, or why there is none. */
export function httpTargetUrl(config: HttpCheckConfig, ctx: CheckContext): { ok: true; url: string } | { ok: false; message: string } {
  const r = renderTemplate(config.url ?? DEFAULT_URL, ctx, escapeForUrl);
  if (r.ok) return { ok: true, url: r.value };
  if (config.url === undefined) return { ok: false, message: `no status URL annotation (${ANNOTATIONS.statusUrl})` };
  return { ok: false, message: `the URL needs {{${r.missing}}}, which this entity does not have` };
}

/** What `expect.body` sees besides the entity variables. `body` is dyn: JSON or text. */
export const HTTP_CEL_TYPES = { body: 'dyn', status: 'int', headers: 'map<string, string>', latencyMs: 'int' } as const;

function compileHttp(config: HttpCheckConfig, env: CheckEnv): Problem[] {
  const problems = config.url ? templateProblems(config.url, 'url') : [];
  if (config.expect?.body) problems.push(...checkCelProblems(config.expect.body, env, HTTP_CEL_TYPES, 'expect.body'));
  return problems;
}

async function collectHttp(items: CollectItem<HttpCheckConfig>[], deps: CollectDeps): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  if (deps.offline) return out; // offline: no probes; evaluate says n/a
  const byProbe = new Map<string, { url: string; method: 'GET' | 'HEAD'; timeoutMs: number; keys: string[] }>();
  for (const item of items) {
    const target = httpTargetUrl(item.config, item.ctx);
    if (!target.ok) continue;
    const method = item.config.method ?? 'GET';
    const timeoutMs = item.config.timeoutMs ?? deps.timeoutMs;
    const url = deps.config.publicUrl ? resolveTallyUrl(target.url, deps.config.publicUrl) : target.url;
    const id = `${method} ${timeoutMs} ${url}`;
    const probe = byProbe.get(id) ?? { url, method, timeoutMs, keys: [] };
    probe.keys.push(item.key);
    byProbe.set(id, probe);
  }
  const probes = [...byProbe.values()];
  const results = await mapLimit(probes, CONCURRENCY, (p) => probeUrl(deps, p.url, p.method, p.timeoutMs));
  probes.forEach((p, i) => p.keys.forEach((k) => out.set(k, results[i])));
  return out;
}

/** One probe; never throws — every failure becomes part of the observation. */
export async function probeUrl(deps: CollectDeps, url: string, method: 'GET' | 'HEAD', timeoutMs: number): Promise<HttpObservation> {
  const observedAt = deps.now().toISOString();
  const started = performance.now();
  try {
    const init = { method, headers: { 'user-agent': 'tally-check', accept: 'application/json, text/plain;q=0.9, */*;q=0.5' } };
    const r = await guardedFetch(deps.fetch, url, init, { policy: deps.config.outbound, timeoutMs });
    if (!r.ok) return { url, observedAt, failure: { kind: r.dns ? 'dns' : 'refused', message: r.refused } };
    const body = method === 'HEAD' ? { text: '', truncated: false } : await readBodyCapped(r.res);
    const latencyMs = Math.round(performance.now() - started);
    return { url, observedAt, status: r.res.status, latencyMs, headers: Object.fromEntries(r.res.headers), body: body.text, truncated: body.truncated };
  } catch (err) {
    return { url, observedAt, failure: describeFetchError(err, timeoutMs) };
  }
}

function describeFetchError(err: unknown, timeoutMs: number): NonNullable<HttpObservation['failure']> {
  if (isTimeoutError(err)) return { kind: 'timeout', message: `no answer within ${timeoutMs} ms` };
  const code = fetchErrorCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns', message: `cannot resolve the host: ${code}` };
  const cause = (err as { cause?: { message?: string } }).cause?.message;
  if (cause === 'bad port') return { kind: 'refused', message: 'the port is one fetch refuses to use (WHATWG "bad port" list)' };
  return { kind: 'network', message: `no answer: ${code ?? cause ?? String(err)}` };
}

function evaluateHttp(config: HttpCheckConfig, ctx: CheckContext, observation: unknown, env: CheckEnv): Outcome {
  const target = httpTargetUrl(config, ctx);
  if (!target.ok) return { state: 'n/a', message: target.message };
  if (!isObservation(observation)) return { state: 'n/a', message: `not evaluated offline: ${target.url} was not probed (pass --probe to probe it)`, evidence: { offline: true, url: target.url } };
  const o = observation;
  if (o.failure) {
    const state = o.failure.kind === 'timeout' || o.failure.kind === 'network' ? 'fail' : 'error';
    const prefix = o.failure.kind === 'refused' ? 'outbound request refused: ' : '';
    return { state, message: prefix + o.failure.message, evidence: { url: o.url, error: o.failure.message, objects: urlObject(o.url) }, observedAt: o.observedAt };
  }
  const evidence = { url: o.url, status: o.status, latencyMs: o.latencyMs, bodyExcerpt: (o.body ?? '').slice(0, EXCERPT), objects: urlObject(o.url) };
  return { ...judgeResponse(config, ctx, o, env), evidence, observedAt: o.observedAt };
}

function judgeResponse(config: HttpCheckConfig, ctx: CheckContext, o: HttpObservation, env: CheckEnv): Pick<Outcome, 'state' | 'message'> {
  const status = o.status ?? 0;
  const latency = o.latencyMs ?? 0;
  const expected = config.expect?.status;
  const statusOk = expected === undefined ? status >= 200 && status <= 399 : ([] as number[]).concat(expected).includes(status);
  if (!statusOk) return { state: 'fail', message: `status ${status}, expected ${expected === undefined ? '200-399' : ([] as number[]).concat(expected).join(' or ')}` };
  if (config.expect?.body) {
    const r = evaluateCheckCel(config.expect.body, env, ctx, HTTP_CEL_TYPES, { body: parseBody(o), status: BigInt(status), headers: o.headers ?? {}, latencyMs: BigInt(latency) });
    if (!r.ok) return { state: 'error', message: r.message };
    if (!r.value) return { state: 'fail', message: `status ${status}, but the body expectation is false: ${config.expect.body}` };
  }
  const budget = config.expect?.maxLatencyMs;
  if (budget !== undefined && latency > budget) return { state: 'warn', message: `status ${status}, but answered in ${latency} ms (budget ${budget} ms)` };
  return { state: 'pass', message: `status ${status} in ${latency} ms` };
}

/** The URL probed, as the object a report card links to. */
const urlObject = (url: string): EvidenceObject[] => [{ kind: 'url', label: url, url }];

/** JSON when the body is complete JSON, else the text. */
function parseBody(o: HttpObservation): unknown {
  const text = o.body ?? '';
  const looksJson = (o.headers?.['content-type'] ?? '').includes('json') || /^\s*[[{]/.test(text);
  if (!looksJson || o.truncated) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObservation(v: unknown): v is HttpObservation {
  return typeof v === 'object' && v !== null && typeof (v as HttpObservation).url === 'string';
}

export const httpCheck: CheckType<HttpCheckConfig> = {
  type: 'http',
  schema: httpConfigSchema,
  allowedFromApi: true,
  compile: compileHttp,
  reads: (config, env) => (config.expect?.body ? env.celReads(config.expect.body) : []),
  collect: collectHttp,
  evaluate: evaluateHttp,
};
