// Drills over HTTP: schedule, list, start now, record the outcome (facts for checks).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { drillCreateSchema, drillListSchema, drillOutcomeSchema, drillViewSchema } from '../../../common/api/incidents-learning.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db/connect.ts';
import { canRead, mustHave } from '../../platform/http/auth.ts';
import { limitParam } from '../../platform/http/params.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { tags } from '../incidents.routes.ts';
import { inTransaction } from '../page.ts';
import { incidentRowsByIds } from '../record/repository.ts';
import type { DrillRow } from '../tables.ts';
import { presentDrill, recordDrillOutcome, scheduleDrill, startDrill } from './drills.ts';
import { drillById, listDrillRows } from './repository.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });

async function present(db: Db, rows: DrillRow[]) {
  const numbers = new Map((await incidentRowsByIds(db, rows.flatMap((r) => (r.incident_id ? [r.incident_id] : [])))).map((i) => [i.id, i.number]));
  return rows.map((r) => presentDrill(r, r.incident_id ? (numbers.get(r.incident_id) ?? null) : null));
}

async function drillOr404(db: Db, id: string): Promise<DrillRow> {
  const d = await drillById(db, id);
  if (!d) throw new NotFoundError(`no drill ${id}`);
  return d;
}

export function drillsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/incidents/drills', { schema: { tags, summary: 'Drills and game days, latest scheduled first', querystring: z.object({ limit: limitParam(500, 100) }), response: { 200: drillListSchema } } }, async (req) => {
    canRead(req);
    return { items: await present(deps.db, await listDrillRows(deps.db, req.query.limit)) };
  });

  r.post('/api/v1/incidents/drills', { schema: { tags, summary: 'Schedule a drill: outage, hit-by-the-bus, restore or chat-down (editor)', body: drillCreateSchema, response: { 201: drillViewSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const row = await inTransaction(deps, who.name, (ctx) => scheduleDrill(ctx, req.body));
    return reply.status(201).send((await present(deps.db, [row]))[0]);
  });

  r.post('/api/v1/incidents/drills/:id/start', { schema: { tags, summary: 'Start a scheduled drill now: its incident is declared, marked as a drill', params: idParams, response: { 200: drillViewSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    await inTransaction(deps, who.name, async (ctx) => startDrill(ctx, await drillOr404(ctx.db, req.params.id)));
    return (await present(deps.db, [await drillOr404(deps.db, req.params.id)]))[0];
  });

  r.post('/api/v1/incidents/drills/:id/outcome', { schema: { tags, summary: 'Record how the drill went: facts `<kind>-drill` on each service', params: idParams, body: drillOutcomeSchema, response: { 200: drillViewSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    await inTransaction(deps, who.name, (ctx) => recordDrillOutcome(ctx, req.params.id, req.body));
    return (await present(deps.db, [await drillOr404(deps.db, req.params.id)]))[0];
  });
}
