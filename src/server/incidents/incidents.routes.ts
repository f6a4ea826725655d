// The incident record over HTTP: list (active first), declare, the page, edits with a version,
// the lifecycle, the impact, the timeline, and the configured severities. docs/incidents.md.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { incidentPageSchema } from '../../common/api/incidents-learning.ts';
import { declareSchema, impactBodySchema, incidentListSchema, patchSchema, severitiesSchema, stateSchema, timelinePageSchema } from '../../common/api/incidents.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import { cursorParam, decodeCursor, limitParam, pageOf, refParam, timeIdCursor } from '../platform/http/params.ts';
import { incidentPage, inTransaction, onIncident, pageByKey } from './page.ts';
import { declareIncident } from './record/declare.ts';
import { changeState, patchIncident, setImpact } from './record/edit.ts';
import { loadIncident } from './record/load.ts';
import { presentIncident } from './record/present.ts';
import { activeRoles, countTimeline, listIncidentRows, timelineRows, type IncidentFilter } from './record/repository.ts';
import { presentEntry } from './record/timeline.ts';

export const tags = ['incidents'];
export const keyParams = z.object({ key: z.string().min(1).max(100).describe('the incident: 42, INC-42 or its id') });
const PHASES = { active: [0], resolved: [1], closed: [2], all: undefined } as const;

const listQuery = z.object({
  state: z.enum(['active', 'resolved', 'closed', 'all']).default('all'),
  severity: z.string().max(20).optional(),
  service: z.string().max(400).optional(),
  team: z.string().max(400).optional(),
  drills: z.enum(['include', 'exclude', 'only']).default('include'),
  limit: limitParam(200, 50),
  cursor: cursorParam,
});

async function entitiesOf(deps: AppDeps, q: { service?: string; team?: string }): Promise<string[] | undefined> {
  if (q.service) return [refParam(q.service, 'querystring.service', 'component')];
  if (!q.team) return undefined;
  const team = refParam(q.team, 'querystring.team', 'group');
  return (await catalogSnapshot(deps.db)).entities.filter((e) => e.owner === team && e.kind === 'component').map((e) => e.ref);
}

export function incidentsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/incidents', { schema: { tags, summary: 'Incidents, active first, then newest (cursor pagination)', querystring: listQuery, response: { 200: incidentListSchema } } }, async (req) => {
    canRead(req);
    const q = req.query;
    const filter: IncidentFilter = { phases: PHASES[q.state] ? [...PHASES[q.state]!] : undefined, severity: q.severity?.toUpperCase(), entities: await entitiesOf(deps, q), drills: q.drills };
    const after = q.cursor ? (decodeCursor(q.cursor, 3) as [number, string, string]) : undefined;
    const page = pageOf(await listIncidentRows(deps.db, filter, { limit: q.limit + 1, after }), q.limit, (row) => [row.phase, row.declared_at, row.id]);
    const now = deps.clock();
    const items = await Promise.all(page.rows.map(async (row) => presentIncident(row, await activeRoles(deps.db, row.id), deps.config, now)));
    return { items, nextCursor: page.nextCursor };
  });

  r.post('/api/v1/incidents', { schema: { tags, summary: 'Declare an incident (editor)', body: declareSchema, response: { 201: incidentPageSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const page = await inTransaction(deps, who.name, async (ctx) => incidentPage(ctx.db, ctx.config, await declareIncident(ctx, req.body), ctx.now));
    return reply.status(201).send(page);
  });

  r.get('/api/v1/incidents/severities', { schema: { tags, summary: 'The severity levels, their meaning and update cadence', response: { 200: severitiesSchema } } }, async (req) => {
    canRead(req);
    return { items: deps.config.incidents.severities.map((s) => ({ level: s.level, meaning: s.meaning, updateEveryMinutes: s.updateEveryMinutes })) };
  });

  r.get('/api/v1/incidents/:key', { schema: { tags, summary: 'The incident page: record, roles, hypotheses, workstreams, postmortem and follow-ups', params: keyParams, response: { 200: incidentPageSchema } } }, async (req) => {
    canRead(req);
    return pageByKey(deps, req.params.key);
  });

  r.patch('/api/v1/incidents/:key', { schema: { tags, summary: 'Edit fields, with the version you read (409 when stale)', params: keyParams, body: patchSchema, response: { 200: incidentPageSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    await onIncident(deps, who.name, req.params.key, (ctx, row) => patchIncident(ctx, row, req.body));
    return pageByKey(deps, req.params.key);
  });

  r.post('/api/v1/incidents/:key/state', { schema: { tags, summary: 'Move through investigating → identified → mitigating → monitoring → resolved → closed (409 says what is missing)', params: keyParams, body: stateSchema, response: { 200: incidentPageSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    await onIncident(deps, who.name, req.params.key, (ctx, row) => changeState(ctx, row, req.body));
    return pageByKey(deps, req.params.key);
  });

  r.put('/api/v1/incidents/:key/impact', { schema: { tags, summary: 'Assess the impact: users affected (count or percent, and the source) and how broken each capability is', params: keyParams, body: impactBodySchema, response: { 200: incidentPageSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    await onIncident(deps, who.name, req.params.key, (ctx, row) => setImpact(ctx, row, req.body.version, req.body.impact));
    return pageByKey(deps, req.params.key);
  });

  const timelineQuery = z.object({ limit: limitParam(1000, 200), cursor: cursorParam });
  r.get('/api/v1/incidents/:key/timeline', { schema: { tags, summary: 'The timeline, in the order things happened (cursor pagination)', params: keyParams, querystring: timelineQuery, response: { 200: timelinePageSchema } } }, async (req) => {
    canRead(req);
    const row = await loadIncident(deps.db, req.params.key);
    const rows = await timelineRows(deps.db, row.id, { limit: req.query.limit + 1, after: timeIdCursor(req.query.cursor) });
    const page = pageOf(rows, req.query.limit, (t) => [t.happened_at, t.id]);
    return { items: page.rows.map(presentEntry), nextCursor: page.nextCursor, total: await countTimeline(deps.db, row.id) };
  });
}
