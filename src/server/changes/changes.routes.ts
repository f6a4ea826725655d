// The change database's REST API: record (one or a batch), update, list, one change, the
// timeline, suspects, the revert button and DORA figures. Webhook ingest: changes-hooks.routes.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHANGE_KINDS, CHANGE_STATUSES } from '../../common/changes.ts';
import { changeDetailSchema, changeListSchema, changeViewSchema, doraReportSchema, recordResponseSchema, revertBodySchema, revertOutcomeSchema, suspectsSchema, timelineSchema } from '../../common/api/changes.ts';
import { parseDuration } from '../../common/duration.ts';
import { instantParam, limitParam, refParam, timeRange } from '../platform/http/params.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { outboundCheckFor } from '../platform/outbound/guard.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import { InputError } from '../platform/problems.ts';
import { changeTimeline, getChange, listChanges } from './query.ts';
import { revertChange } from './revert/revert.ts';
import { doraFor } from './stats/stats.ts';
import { patchChange, parseChangeBody, recordChanges } from './ingest/record.ts';
import { findSuspects } from './suspects/service.ts';

const iso = instantParam;
/** The longest range a timeline or DORA report covers (day buckets: one per day). */
const MAX_RANGE_DAYS = 366;
const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const listQuery = z.object({
  from: iso.optional(),
  to: iso.optional(),
  entity: z.string().max(400).optional(),
  withDependencies: flag.optional(),
  kind: csv(CHANGE_KINDS).optional().describe('comma-separated kinds'),
  status: csv(CHANGE_STATUSES).optional().describe('comma-separated statuses'),
  actor: z.string().max(200).optional(),
  source: z.string().max(100).optional(),
  environment: z.string().max(100).optional(),
  unmapped: flag.optional(),
  q: z.string().max(200).optional().describe('text in summary, description, version, actor, entities, labels'),
  limit: limitParam(500, 50),
  cursor: z.string().max(500).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(100) });
const anyBody = z.any().describe('one change, or {"changes": [...]} (at most 1000); see docs/changes.md');

export function changesRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rules = () => deps.config.graph.rules;
  const tags = ['changes'];

  r.post('/api/v1/changes', { schema: { tags, summary: 'Record one change or a batch (editor); idempotent on (source, externalId)', body: anyBody, response: { 200: recordResponseSchema, 201: recordResponseSchema } } }, async (req, reply) => {
    mustHave(req, 'editor');
    const { inputs, batch } = parseChangeBody(req.body);
    const outcomes = await deps.db.transaction().execute((trx) => recordChanges(trx, inputs, deps.clock(), { batch, events: deps.events }));
    const status = outcomes.some((o) => o.created) ? 201 : 200;
    return reply.status(status).send(batch ? { results: outcomes } : outcomes[0]);
  });

  r.patch('/api/v1/changes/:id', { schema: { tags, summary: 'Update status, finishedAt, postmortemUrl, description, links or labels (editor)', params: idParams, body: anyBody, response: { 200: changeViewSchema } } }, async (req) => {
    mustHave(req, 'editor');
    return deps.db.transaction().execute((trx) => patchChange(trx, req.params.id, req.body, deps.clock(), { events: deps.events }));
  });

  r.get('/api/v1/changes', { schema: { tags, summary: 'List changes, newest first (cursor pagination)', querystring: listQuery, response: { 200: changeListSchema } } }, async (req) => {
    canRead(req);
    const { entity, q, ...rest } = req.query;
    return listChanges(deps.db, rules(), { ...rest, text: q, entity: entity ? refParam(entity, 'querystring.entity', 'component') : undefined });
  });

  const timelineQuery = z.object({ from: iso.optional(), to: iso.optional(), entity: z.string().max(400).optional(), withDependencies: flag.optional() });
  r.get('/api/v1/changes/timeline', { schema: { tags, summary: 'Changes per hour or day, by kind, with the changes (default: the last 7 days; at most 366 days)', querystring: timelineQuery, response: { 200: timelineSchema } } }, async (req) => {
    canRead(req);
    const { from, to } = timeRange(req.query, { now: deps.clock(), defaultDays: 7, maxDays: MAX_RANGE_DAYS });
    const entity = req.query.entity ? refParam(req.query.entity, 'querystring.entity', 'component') : undefined;
    return changeTimeline(deps.db, rules(), { from, to, entity, withDependencies: req.query.withDependencies });
  });

  const suspectsQuery = z.object({ entity: z.string().min(1).max(400), at: iso.optional(), window: z.string().max(20).optional(), limit: limitParam(200, 20) });
  r.get('/api/v1/changes/suspects', { schema: { tags, summary: 'Changes that probably caused a problem on an entity at a time, ranked with reasons', querystring: suspectsQuery, response: { 200: suspectsSchema } } }, async (req) => {
    canRead(req);
    const windowMs = req.query.window ? parseDuration(req.query.window) : deps.config.changes.suspectsWindowHours * 3_600_000;
    if (!windowMs || windowMs > 14 * 86_400_000) {
      throw InputError.fromProblems('invalid window', [{ severity: 'error', field: 'querystring.window', message: 'must be a duration up to 14d, e.g. 2h, 90m' }]);
    }
    const at = req.query.at ? new Date(req.query.at) : deps.clock();
    return findSuspects(deps.db, rules(), { entity: refParam(req.query.entity, 'querystring.entity', 'component'), at, windowMs, limit: req.query.limit });
  });

  r.get('/api/v1/changes/:id', { schema: { tags, summary: 'One change, with its revert attempt', params: idParams, response: { 200: changeDetailSchema } } }, async (req) => {
    canRead(req);
    return getChange(deps.db, req.params.id);
  });

  r.post('/api/v1/changes/:id/revert', { schema: { tags, summary: "Run the change's revert action, exactly once (editor; reason required)", params: idParams, body: revertBodySchema, response: { 200: revertOutcomeSchema, 201: revertOutcomeSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const revertDeps = { db: deps.db, clock: deps.clock, changes: deps.config.changes, fetch: globalThis.fetch, outboundCheck: outboundCheckFor(deps.config), publicUrl: deps.config.server.publicUrl };
    const outcome = await revertChange(revertDeps, req.params.id, { reason: req.body.reason, retry: req.body.retry, actor: who.name });
    return reply.status(outcome.state === 'succeeded' ? 201 : 200).send(outcome);
  });

  const doraQuery = z.object({ entity: z.string().max(400).optional(), team: z.string().max(400).optional(), from: iso.optional(), to: iso.optional() });
  r.get('/api/v1/dora', { schema: { tags, summary: 'DORA figures per service and for a team (default: the last 30 days; at most 366 days)', querystring: doraQuery, response: { 200: doraReportSchema } } }, async (req) => {
    canRead(req);
    const { from, to } = timeRange(req.query, { now: deps.clock(), defaultDays: 30, maxDays: MAX_RANGE_DAYS });
    const refs = await doraEntities(deps, req.query);
    return { ...(req.query.team ? { team: refParam(req.query.team, 'querystring.team', 'group') } : {}), ...(await doraFor(deps.db, refs, { from, to })) };
  });
}

async function doraEntities(deps: AppDeps, q: { entity?: string; team?: string }): Promise<string[]> {
  if (q.entity) return [refParam(q.entity, 'querystring.entity', 'component')];
  if (!q.team) throw InputError.fromProblems('entity or team is required', [{ severity: 'error', field: 'querystring.entity', message: 'give entity=REF or team=REF' }]);
  const owner = refParam(q.team, 'querystring.team', 'group');
  return (await catalogSnapshot(deps.db)).entities.filter((e) => e.owner === owner && e.kind === 'component').map((e) => e.ref);
}
