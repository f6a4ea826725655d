import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthSchema, readinessSchema, runtimeViewSchema, statusReportSchema, whoAmISchema } from '../../common/api/system.ts';
import { countByKind } from '../catalog/index.ts';
import type { Host } from '../module.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import { readRuntime, writeRuntime, runtimeSchema } from '../platform/runtime.ts';
import { readiness, replicaMetrics, statusHtml, statusReport } from './status.ts';

export function statusRoutes(app: FastifyInstance, deps: AppDeps, host: Host): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/healthz', { schema: { tags: ['system'], summary: 'Liveness', response: { 200: healthSchema } } }, async () => ({ ok: true }));
  r.get('/readyz', { schema: { tags: ['system'], summary: 'Ready for traffic: database reachable, migrations applied, and (demo) the first evaluation done', response: { 200: readinessSchema, 503: readinessSchema } } }, async (_req, reply) => {
    const r = await readiness(deps, host.modules);
    return reply.status(r.ready ? 200 : 503).send(r);
  });
  r.get('/status', { schema: { tags: ['system'], summary: 'Status page (HTML, or JSON with Accept: application/json); needs a token unless anonymous read is on', response: { 200: statusReportSchema } } }, async (req, reply) => {
    canRead(req);
    // Where the data lives is for token holders only (a SQLite path tells an attacker a lot).
    const report = await statusReport(deps, { showLocation: req.principal !== undefined, modules: host.modules });
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    // HTML is text: it skips the JSON serializer (the schema documents the JSON form).
    return wantsJson ? report : (reply as FastifyReply).type('text/html; charset=utf-8').send(statusHtml(report));
  });
  r.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    canRead(req); // with anonymousRead off, Prometheus scrapes with a viewer token (authorization: bearer)
    for (const [kind, n] of Object.entries(await countByKind(deps.read))) deps.metrics.entities.set({ kind }, n);
    if (deps.replicas) replicaMetrics(deps.replicas, deps.metrics);
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  r.get('/api/v1/admin/runtime', { schema: { tags: ['admin'], summary: 'Runtime controls (admin)', response: { 200: runtimeViewSchema } } }, async (req) => {
    mustHave(req, 'admin');
    return readRuntime(deps);
  });
  r.patch('/api/v1/admin/runtime', { schema: { tags: ['admin'], summary: 'Change log level or pause background jobs (admin)', body: runtimeSchema.partial(), response: { 200: runtimeViewSchema } } }, async (req) => {
    const who = mustHave(req, 'admin');
    return writeRuntime(deps, req.body, who);
  });
  r.get('/api/v1/auth/whoami', { schema: { tags: ['auth'], summary: 'Who the token belongs to', response: { 200: whoAmISchema } } }, async (req) => {
    return req.principal ?? { name: 'anonymous', role: req.anonymousRead ? ('viewer' as const) : ('none' as const) };
  });
}
