// The change database and the mitigation aids on the incident page: ranked suspects, naming the
// cause, the revert button, the services' links, controls and blast radius, and live status.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { aidsViewSchema, incidentPageSchema, statusViewSchema, suspectsViewSchema } from '../../../common/api/incidents-learning.ts';
import { revertSchema } from '../../../common/api/incidents.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead, mustHave } from '../../platform/http/auth.ts';
import { refParam } from '../../platform/http/params.ts';
import { outboundCheckFor } from '../../platform/outbound/guard.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { mitigationAids } from '../aids/aids.ts';
import { fetchServiceStatus } from '../aids/status.ts';
import { keyParams, tags } from '../incidents.routes.ts';
import { inTransaction, onIncident, pageByKey } from '../page.ts';
import type { WriteCtx } from '../record/context.ts';
import { loadIncident } from '../record/load.ts';
import { markCause, revertFromIncident, unmarkCause } from './cause.ts';
import { incidentSuspects } from './suspects.ts';

const changeParams = keyParams.extend({ changeId: z.string().min(1).max(100) });
const revertOutcome = z.object({ state: z.enum(['succeeded', 'failed']), attempt: z.number(), revertChangeId: z.string().optional(), result: z.object({ ok: z.boolean(), status: z.number().optional(), response: z.string().optional(), error: z.string().optional(), durationMs: z.number() }) });

export function suspectsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/incidents/:key/suspects', { schema: { tags, summary: 'Ranked suspect changes before the impact began, and candidates for impactStartedAt', params: keyParams, response: { 200: suspectsViewSchema } } }, async (req) => {
    canRead(req);
    return incidentSuspects(deps.db, deps.config, await loadIncident(deps.db, req.params.key));
  });

  r.post('/api/v1/incidents/:key/causes/:changeId', { schema: { tags, summary: "Name a change as the cause: its verdict becomes failed (DORA's change failure rate)", params: changeParams, response: { 200: incidentPageSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    await onIncident(deps, who.name, req.params.key, (ctx, row) => markCause(ctx, row, req.params.changeId));
    return pageByKey(deps, req.params.key);
  });

  r.delete('/api/v1/incidents/:key/causes/:changeId', { schema: { tags, summary: 'Take back naming a change as the cause', params: changeParams, response: { 200: incidentPageSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    await onIncident(deps, who.name, req.params.key, (ctx, row) => unmarkCause(ctx, row, req.params.changeId));
    return pageByKey(deps, req.params.key);
  });

  r.post('/api/v1/incidents/:key/reverts/:changeId', { schema: { tags, summary: "Press the change's revert button from the incident: exactly once; lands in the timeline", params: changeParams, body: revertSchema, response: { 200: revertOutcome, 201: revertOutcome } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const row = await loadIncident(deps.db, req.params.key);
    const revertDeps = { db: deps.db, clock: deps.clock, changes: deps.config.changes, fetch: globalThis.fetch, outboundCheck: outboundCheckFor(deps.config), write: (fn: (ctx: WriteCtx) => Promise<void>) => inTransaction(deps, who.name, fn) };
    const outcome = await revertFromIncident(revertDeps, row, req.params.changeId, { reason: req.body.reason, retry: req.body.retry, actor: who.name });
    return reply.status(outcome.state === 'succeeded' ? 201 : 200).send(outcome);
  });

  r.get('/api/v1/incidents/:key/aids', { schema: { tags, summary: 'Mitigation aids per affected service: links, runtime controls, blast radius; and the checklist', params: keyParams, response: { 200: aidsViewSchema } } }, async (req) => {
    canRead(req);
    const row = await loadIncident(deps.db, req.params.key);
    return mitigationAids(deps.db, deps.config, JSON.parse(row.services) as string[]);
  });

  const statusQuery = z.object({ service: z.string().min(1).max(400) });
  r.get('/api/v1/incidents/:key/status', { schema: { tags, summary: "An affected service's status endpoint, fetched now through the outbound guard", params: keyParams, querystring: statusQuery, response: { 200: statusViewSchema } } }, async (req) => {
    canRead(req);
    const row = await loadIncident(deps.db, req.params.key);
    const service = refParam(req.query.service, 'querystring.service', 'component');
    if (!(JSON.parse(row.services) as string[]).includes(service)) throw new NotFoundError(`${service} is not an affected service of INC-${row.number}`);
    return fetchServiceStatus(deps.db, deps.config, service, { now: deps.clock });
  });
}
