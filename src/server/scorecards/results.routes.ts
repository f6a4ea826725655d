// An entity's results over HTTP (scores, history, grade at a time, why), waivers and
// attestations. Approving a waiver or attesting re-evaluates that entity at once.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instantSchema } from '../../common/instant.ts';
import { cursorParam, limitParam, pageOf, refParam, timeIdCursor } from '../platform/http/params.ts';
import { attestationBodySchema, attestationSchema, entityHistorySchema, entityScoresSchema, gradeAtSchema, waiverBodySchema, waiverDecisionSchema, waiverListSchema, waiverSchema, whySchema } from '../../common/api/scorecards.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import type { Host } from '../module.ts';
import { entityHistory, gradeAt, why } from './history/reports.ts';
import { reportCardJson } from './history/report-card-cache.ts';
import { sendJsonText } from '../platform/http/json-text.ts';
import { runEvaluation } from './evaluation/run.ts';
import { attest, decideWaiver, listWaivers, requestWaiver, waiverView } from './waivers/waivers.ts';

const refParams = z.object({ ref: z.string().min(1).max(400) });
const isoTime = instantSchema;
const scorecardName = z.string().min(1).max(100);

export function resultRoutes(app: FastifyInstance, deps: AppDeps, host: Host): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const entityOf = (ref: string, field = 'params.ref') => refParam(ref, field, 'component');
  const reevaluate = (scorecard: string, entity: string, trigger: string) =>
    runEvaluation({ ...deps, grading: host.grading }, { scorecards: [scorecard], entities: [entity], trigger });

  r.get('/api/v1/entities/:ref/scores', { schema: { tags: ['scorecards'], summary: "An entity's report card: per scorecard score, grade, requirements, next best actions", params: refParams, querystring: z.object({ scorecard: scorecardName.optional() }), response: { 200: entityScoresSchema } } }, async (req, reply) => {
    canRead(req);
    // Built once per generation of the results (report-card-cache.ts), sent as text with an ETag.
    return sendJsonText(req, reply, await reportCardJson(deps.read, entityOf(req.params.ref), { scorecard: req.query.scorecard, now: deps.clock() }));
  });
  r.get('/api/v1/entities/:ref/history', { schema: { tags: ['scorecards'], summary: 'Grade intervals and requirement changes', params: refParams, querystring: z.object({ scorecard: scorecardName, from: isoTime.optional(), to: isoTime.optional() }), response: { 200: entityHistorySchema } } }, async (req) => {
    canRead(req);
    return entityHistory(deps.read, entityOf(req.params.ref), req.query.scorecard, req.query);
  });
  r.get('/api/v1/entities/:ref/grade-at', { schema: { tags: ['scorecards'], summary: 'The grade (and requirement states) at a time', params: refParams, querystring: z.object({ scorecard: scorecardName, at: isoTime }), response: { 200: gradeAtSchema } } }, async (req) => {
    canRead(req);
    return gradeAt(deps.read, entityOf(req.params.ref), req.query.scorecard, req.query.at);
  });
  r.get('/api/v1/entities/:ref/why', { schema: { tags: ['scorecards'], summary: 'Why the grade changed between two times: rubric changes vs service changes', params: refParams, querystring: z.object({ scorecard: scorecardName, from: isoTime, to: isoTime.optional() }), response: { 200: whySchema } } }, async (req) => {
    canRead(req);
    return why(deps.read, entityOf(req.params.ref), req.query.scorecard, { from: req.query.from, to: req.query.to ?? deps.clock().toISOString() });
  });

  r.post('/api/v1/waivers', { schema: { tags: ['waivers'], summary: 'Request a waiver (any valid token); reason and expiry required', body: waiverBodySchema, response: { 201: waiverSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'viewer');
    const body = { ...req.body, entity: entityOf(req.body.entity, 'body.entity') };
    const row = await requestWaiver(deps.db, body, who, deps.clock(), deps.config.scorecards.waiverMaxDays);
    return reply.status(201).send(waiverView(row));
  });
  for (const decision of ['approve', 'reject'] as const) {
    r.post(`/api/v1/waivers/:id/${decision}`, { schema: { tags: ['waivers'], summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a waiver (editor)`, params: z.object({ id: z.string().min(1).max(100) }), response: { 200: waiverDecisionSchema } } }, async (req) => {
      const who = mustHave(req, 'editor');
      const row = await decideWaiver(deps.db, req.params.id, decision === 'approve' ? 'approved' : 'rejected', who, deps.clock());
      const runs = decision === 'approve' ? await reevaluate(row.scorecard, row.entity, 'waiver') : [];
      return { ...waiverView(row), runs };
    });
  }
  const waiversQuery = z.object({ entity: z.string().max(400).optional(), status: z.enum(['requested', 'approved', 'rejected']).optional(), limit: limitParam(500, 100), cursor: cursorParam });
  r.get('/api/v1/waivers', { schema: { tags: ['waivers'], summary: 'Waivers, newest first (cursor pagination)', querystring: waiversQuery, response: { 200: waiverListSchema } } }, async (req) => {
    canRead(req);
    const { limit, status, cursor } = req.query;
    const entity = req.query.entity ? entityOf(req.query.entity, 'querystring.entity') : undefined;
    const page = pageOf(await listWaivers(deps.db, { entity, status, limit: limit + 1, after: timeIdCursor(cursor) }, deps.clock()), limit, (w) => [w.requestedAt, w.id]);
    return { items: page.rows, nextCursor: page.nextCursor };
  });

  r.post('/api/v1/attestations', { schema: { tags: ['waivers'], summary: 'Attest a manual requirement (editor)', body: attestationBodySchema, response: { 201: attestationSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const body = { ...req.body, entity: entityOf(req.body.entity, 'body.entity') };
    await attest(deps.db, body, who, deps.clock());
    const runs = await reevaluate(body.scorecard, body.entity, 'attestation');
    return reply.status(201).send({ ...body, attestedBy: who.name, runs });
  });
}
