// The `edge` check type: the edge's own health, from its decision port's /healthz, for a
// scorecard on the service the edge protects.
//   { type: edge, url: http://127.0.0.1:8081/healthz }
// pass: answering, its state store has not failed and it never had to fail open;
// fail: unreachable, or failing open (its database failed: it lets everything through).
import { z } from 'zod';
import { probeUrl, type CheckType, type CollectItem, type CollectDeps, type Outcome } from '../checks/index.ts';

export const edgeCheckSchema = z.strictObject({
  type: z.literal('edge'),
  url: z.url({ protocol: /^https?$/ }).max(500).describe('the decision port\'s /healthz'),
  message: z.string().max(500).optional(),
});
export type EdgeCheckConfig = z.infer<typeof edgeCheckSchema>;

interface Observation {
  url: string;
  observedAt: string;
  status?: number;
  body?: string;
  failure?: { kind: string; message: string };
}

async function collect(items: CollectItem<EdgeCheckConfig>[], deps: CollectDeps): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  if (deps.offline) return out;
  const byUrl = new Map<string, Promise<Observation>>();
  for (const item of items) {
    const url = item.config.url;
    if (!byUrl.has(url)) byUrl.set(url, probeUrl(deps, url, 'GET', deps.timeoutMs));
    out.set(item.key, await byUrl.get(url)!);
  }
  return out;
}

export function evaluateEdge(config: EdgeCheckConfig, observation: unknown): Outcome {
  const o = observation as Observation | undefined;
  if (!o) return { state: 'n/a', message: `not evaluated offline: ${config.url} was not probed` };
  if (o.failure) return { state: 'fail', message: `the edge does not answer at ${config.url}: ${o.failure.message}`, evidence: { url: o.url }, observedAt: o.observedAt };
  let h: { ok?: boolean; storeFailures?: number; failOpen?: number; activeBans?: number; tarpitSockets?: number; decisions?: Record<string, number> };
  try {
    h = JSON.parse(o.body ?? '');
  } catch {
    return { state: 'error', message: `${config.url} is not an edge's /healthz (status ${o.status})`, observedAt: o.observedAt };
  }
  const decisions = Object.values(h.decisions ?? {}).reduce((a, b) => a + b, 0);
  const evidence = { url: o.url, ...h };
  if (h.ok && o.status === 200) return { state: 'pass', message: `edge healthy: ${decisions} requests decided, ${h.activeBans ?? 0} active bans, ${h.tarpitSockets ?? 0} sockets in the tarpit`, evidence, observedAt: o.observedAt };
  return { state: 'fail', message: config.message ?? `the edge is failing open: its state store failed ${h.storeFailures ?? 0} time(s), ${h.failOpen ?? 0} request(s) allowed unjudged`, evidence, observedAt: o.observedAt };
}

export const edgeCheck: CheckType<EdgeCheckConfig> = {
  type: 'edge',
  schema: edgeCheckSchema as unknown as z.ZodType<EdgeCheckConfig>,
  allowedFromApi: true,
  collect,
  evaluate: (config, _ctx, observation) => evaluateEdge(config, observation),
};
