// Postmortems and follow-ups over HTTP: an incident's postmortem (edit with a version, fill from
// the record, publish), its follow-ups, and every postmortem (e.g. the "required" ones that
// failed automated deploys opened).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { followUpCreateSchema, followUpPatchSchema, followUpViewSchema, POSTMORTEM_SECTIONS, POSTMORTEM_STATES, postmortemListSchema, postmortemPatchSchema, postmortemViewSchema } from '../../../common/api/incidents-learning.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead, mustHave } from '../../platform/http/auth.ts';
import { cursorParam, limitParam, pageOf, timeIdCursor } from '../../platform/http/params.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { keyParams, tags } from '../incidents.routes.ts';
import { inTransaction, onIncident } from '../page.ts';
import { loadIncident } from '../record/load.ts';
import { incidentRowsByIds, timelineRows } from '../record/repository.ts';
import type { PostmortemRow } from '../tables.ts';
import type { Db } from '../../platform/db/connect.ts';
import { addFollowUp, patchFollowUp } from './follow-ups.ts';
import { fillFromRecord, patchPostmortem, presentFollowUp, presentPostmortem, type Sections } from './postmortems.ts';
import { followUpsOf, listPostmortemRows, postmortemById, postmortemOfIncident } from './repository.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });

async function postmortemView(db: Db, pm: PostmortemRow, now: Date) {
  const incident = pm.incident_id ? (await incidentRowsByIds(db, [pm.incident_id]))[0] : undefined;
  return presentPostmortem(pm, await followUpsOf(db, [pm.id]), incident ? `INC-${incident.number}` : null, now);
}

async function incidentPostmortem(db: Db, key: string): Promise<PostmortemRow> {
  const row = await loadIncident(db, key);
  const pm = await postmortemOfIncident(db, row.id);
  if (!pm) throw new NotFoundError(`INC-${row.number} has no postmortem`);
  return pm;
}

async function postmortemByIdOr404(db: Db, id: string): Promise<PostmortemRow> {
  const pm = await postmortemById(db, id);
  if (!pm) throw new NotFoundError(`no postmortem ${id}`);
  return pm;
}

export function learningRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const view = { 200: postmortemViewSchema };

  r.get('/api/v1/incidents/:key/postmortem', { schema: { tags, summary: "The incident's postmortem with its follow-ups", params: keyParams, response: view } }, async (req) => {
    canRead(req);
    return postmortemView(deps.db, await incidentPostmortem(deps.db, req.params.key), deps.clock());
  });

  r.put('/api/v1/incidents/:key/postmortem', { schema: { tags, summary: 'Edit or publish the postmortem, with the version you read (409 when stale)', params: keyParams, body: postmortemPatchSchema, response: view } }, async (req) => {
    const who = mustHave(req, 'editor');
    const { version, noFollowUpsReason, state, ...rest } = req.body;
    const sections = Object.fromEntries(POSTMORTEM_SECTIONS.flatMap((s) => (rest[s] !== undefined ? [[s, rest[s]]] : []))) as Partial<Sections>;
    await inTransaction(deps, who.name, async (ctx) => patchPostmortem(ctx.db, await incidentPostmortem(ctx.db, req.params.key), { version, sections, noFollowUpsReason, state }, ctx.now));
    return postmortemView(deps.db, await incidentPostmortem(deps.db, req.params.key), deps.clock());
  });

  r.post('/api/v1/incidents/:key/postmortem/fill', { schema: { tags, summary: 'Fill the empty timeline and impact sections from the record', params: keyParams, response: view } }, async (req) => {
    const who = mustHave(req, 'editor');
    await onIncident(deps, who.name, req.params.key, async (ctx, row) => fillFromRecord(ctx.db, row, await timelineRows(ctx.db, row.id, { limit: 2000 }), ctx.now));
    return postmortemView(deps.db, await incidentPostmortem(deps.db, req.params.key), deps.clock());
  });

  r.post('/api/v1/incidents/:key/follow-ups', { schema: { tags, summary: 'Add a follow-up: detection, escalation, recovery or prevention', params: keyParams, body: followUpCreateSchema, response: { 201: followUpViewSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const row = await inTransaction(deps, who.name, async (ctx) => addFollowUp(ctx, await incidentPostmortem(ctx.db, req.params.key), req.body));
    return reply.status(201).send(presentFollowUp(row, deps.clock()));
  });

  r.post('/api/v1/postmortems/:id/follow-ups', { schema: { tags, summary: 'Add a follow-up to any postmortem (e.g. a failed deploy\'s)', params: idParams, body: followUpCreateSchema, response: { 201: followUpViewSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const row = await inTransaction(deps, who.name, async (ctx) => addFollowUp(ctx, await postmortemByIdOr404(ctx.db, req.params.id), req.body));
    return reply.status(201).send(presentFollowUp(row, deps.clock()));
  });

  r.patch('/api/v1/follow-ups/:id', { schema: { tags, summary: 'Update a follow-up (status, owner, due date, tracker link), with its version', params: idParams, body: followUpPatchSchema, response: { 200: followUpViewSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    const row = await inTransaction(deps, who.name, (ctx) => patchFollowUp(ctx, req.params.id, req.body));
    return presentFollowUp(row, deps.clock());
  });

  const listQuery = z.object({ state: z.enum(POSTMORTEM_STATES).optional(), limit: limitParam(200, 50), cursor: cursorParam });
  r.get('/api/v1/postmortems', { schema: { tags, summary: 'Postmortems, newest first; state=required lists failed deploys still waiting for one', querystring: listQuery, response: { 200: postmortemListSchema } } }, async (req) => {
    canRead(req);
    const rows = await listPostmortemRows(deps.db, { states: req.query.state ? [req.query.state] : undefined, limit: req.query.limit + 1, after: timeIdCursor(req.query.cursor) });
    const page = pageOf(rows, req.query.limit, (p) => [p.created_at, p.id]);
    const followUps = await followUpsOf(deps.db, page.rows.map((p) => p.id));
    const incidents = new Map((await incidentRowsByIds(deps.db, page.rows.flatMap((p) => (p.incident_id ? [p.incident_id] : [])))).map((i) => [i.id, i.number]));
    const items = page.rows.map((pm) => {
      const { sections: _s, followUps: _f, ...rest } = presentPostmortem(pm, [], pm.incident_id && incidents.has(pm.incident_id) ? `INC-${incidents.get(pm.incident_id)}` : null, deps.clock());
      return { ...rest, followUpCount: followUps.filter((f) => f.postmortem_id === pm.id).length };
    });
    return { items, nextCursor: page.nextCursor };
  });
}
