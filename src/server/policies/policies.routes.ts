// Policies and the consequences of a grade: deploy decisions, break-glass, build priority,
// support, and the reports on them (docs/policies.md).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instantParam, refParam, timeRange } from '../platform/http/params.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import { buildPriorityFor, supportFor } from './consequences.ts';
import { flushDecisionLog } from './decision-log.ts';
import { createOverride, deployDecision } from './deploy.ts';
import { deploysReport, fTeamsReport } from './reports.ts';
import { lastPolicyProblems, loadPolicies, putPolicy } from './policy-set.ts';

const instant = instantParam;
const refParams = z.object({ ref: z.string().min(1).max(400) });
const tags = ['policies'];

export function policiesRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  app.addHook('onClose', async () => flushDecisionLog(deps.db, deps.log));
  const entity = (ref: string) => refParam(ref, 'params.ref', 'component');

  r.get('/api/v1/policies', { schema: { tags, summary: 'Policies in force and the problems of the last load' } }, async (req) => {
    canRead(req);
    const [policies, lastLoad] = await Promise.all([loadPolicies(deps.db), lastPolicyProblems(deps.db)]);
    return {
      policies: policies.map(({ policy, row }) => ({ name: policy.name, title: policy.title ?? null, scorecard: policy.scorecard, timeZone: policy.timeZone, ungraded: policy.ungraded, source: row.source, file: row.file, doc: row.doc, updatedAt: row.updated_at, document: JSON.parse(row.spec) })),
      lastLoad,
    };
  });
  r.put('/api/v1/policies', { schema: { tags, summary: 'Create or replace a policy (editor)', body: z.record(z.string(), z.unknown()) } }, async (req, reply) => {
    mustHave(req, 'editor');
    const { policy, created } = await putPolicy(deps.db, req.body, deps.clock());
    return reply.status(created ? 201 : 200).send({ name: policy.name, scorecard: policy.scorecard, timeZone: policy.timeZone });
  });
  const decisionQuery = z.object({
    at: instant.optional(),
    preview: z.enum(['true', 'false']).optional().describe('true: answer without logging a deploy decision (for pages that only show the window)'),
  });
  r.get('/api/v1/entities/:ref/deploy-decision', { schema: { tags, summary: 'May this entity deploy at `at` (default now)?', params: refParams, querystring: decisionQuery } }, async (req) => {
    const who = canRead(req);
    const at = req.query.at ? new Date(req.query.at) : deps.clock();
    // Only a caller with a token makes a logged decision (a deploy): anonymous calls are previews,
    // so nobody can fill the decision log (or the deploys report) without a credential.
    const preview = req.query.preview === 'true' || req.principal === undefined;
    return { ...(await deployDecision(deps, entity(req.params.ref), at, who.name, { preview })), logged: !preview };
  });
  const overrideBody = z.object({ reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(1000), expiresAt: instant.optional() });
  r.post('/api/v1/entities/:ref/deploy-overrides', { schema: { tags, summary: 'Break-glass: allow deploys regardless of grade (editor, ≤ 24 h)', params: refParams, body: overrideBody } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const row = await createOverride(deps, entity(req.params.ref), req.body, who);
    return reply.status(201).send({ id: row.id, entity: row.entity, reason: row.reason, createdBy: row.created_by, createdAt: row.created_at, expiresAt: row.expires_at });
  });
  r.get('/api/v1/entities/:ref/build-priority', { schema: { tags, summary: 'Build queue priority by grade', params: refParams } }, async (req) => {
    canRead(req);
    return buildPriorityFor(deps, entity(req.params.ref));
  });
  r.get('/api/v1/entities/:ref/support', { schema: { tags, summary: 'SRE support level and what to fix to regain it', params: refParams } }, async (req) => {
    canRead(req);
    return supportFor(deps, entity(req.params.ref));
  });
  r.get('/api/v1/reports/deploys', { schema: { tags, summary: 'Deploy decisions, denials and break-glass per team and service', querystring: z.object({ from: instant.optional(), to: instant.optional() }) } }, async (req) => {
    canRead(req);
    const { from, to } = timeRange(req.query, { now: deps.clock(), defaultDays: 30, maxDays: 366 });
    return deploysReport(deps.db, from, to);
  });
  r.get('/api/v1/reports/f-teams', { schema: { tags, summary: 'Teams owning F services and the requirements costing them most', querystring: z.object({ scorecard: z.string().max(63).optional() }) } }, async (req) => {
    canRead(req);
    return fTeamsReport(deps.db, req.query.scorecard);
  });
}
