// Running the incident over HTTP: roles and handoffs, notes, status updates and subscribers,
// runtime-control actions, hypotheses and workstreams. Each answers with the incident page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { incidentPageSchema } from '../../../common/api/incidents-learning.ts';
import { announcementSchema, controlSchema, hypothesisCreateSchema, hypothesisPatchSchema, noteSchema, roleSchema, subscriberSchema, workstreamCreateSchema, workstreamPatchSchema } from '../../../common/api/incidents.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { mustHave } from '../../platform/http/auth.ts';
import { mitigationAids } from '../aids/aids.ts';
import { addSubscriber, postUpdate } from '../comms/updates.ts';
import { keyParams, tags } from '../incidents.routes.ts';
import { onIncident, pageByKey } from '../page.ts';
import type { WriteCtx } from '../record/context.ts';
import type { IncidentRow } from '../tables.ts';
import { addNote, recordControlAction } from '../record/notes.ts';
import { addHypothesis, patchHypothesis } from './hypotheses.ts';
import { assignRole, endRoleOf } from './roles.ts';
import { addWorkstream, patchWorkstream } from './workstreams.ts';

const itemParams = keyParams.extend({ id: z.string().min(1).max(100) });
const page = { 200: incidentPageSchema, 201: incidentPageSchema };

export function coordinationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** Runs an edit as the caller (an editor) in one transaction, then reads the page as it now stands. */
  const edit = async (req: FastifyRequest, key: string, fn: (ctx: WriteCtx, row: IncidentRow) => Promise<unknown>) => {
    const who = mustHave(req, 'editor');
    await onIncident(deps, who.name, key, fn);
    return pageByKey(deps, key);
  };

  r.post('/api/v1/incidents/:key/roles', { schema: { tags, summary: 'Assign a role; for the incident manager and communications lead, a handoff', params: keyParams, body: roleSchema, response: page } }, async (req, reply) =>
    reply.status(201).send(await edit(req, req.params.key, (ctx, row) => assignRole(ctx, row, req.body))));
  r.delete('/api/v1/incidents/:key/roles/:id', { schema: { tags, summary: 'A responder or the communications lead steps down', params: itemParams, response: page } }, (req) =>
    edit(req, req.params.key, (ctx, row) => endRoleOf(ctx, row, req.params.id)));
  r.post('/api/v1/incidents/:key/notes', { schema: { tags, summary: 'Add a note; `happenedAt` for something earlier', params: keyParams, body: noteSchema, response: page } }, async (req, reply) =>
    reply.status(201).send(await edit(req, req.params.key, (ctx, row) => addNote(ctx, row, req.body))));
  r.post('/api/v1/incidents/:key/updates', { schema: { tags, summary: 'Send a status update to the channels and subscribers', params: keyParams, body: announcementSchema, response: page } }, async (req, reply) =>
    reply.status(201).send(await edit(req, req.params.key, (ctx, row) => postUpdate(ctx, row, req.body.text))));
  r.post('/api/v1/incidents/:key/subscribers', { schema: { tags, summary: 'Subscribe an address to the announcements', params: keyParams, body: subscriberSchema, response: page } }, async (req, reply) =>
    reply.status(201).send(await edit(req, req.params.key, (ctx, row) => addSubscriber(ctx, row, req.body.address))));
  r.post('/api/v1/incidents/:key/controls', { schema: { tags, summary: 'Record a runtime-control action (a kill switch flipped, traffic moved)', params: keyParams, body: controlSchema, response: page } }, async (req, reply) =>
    reply.status(201).send(await edit(req, req.params.key, async (ctx, row) => {
      const aid = (await mitigationAids(ctx.db, ctx.config, [req.body.service])).services[0];
      await recordControlAction(ctx, row, { ...req.body, url: aid.controls.find((c) => c.name === req.body.control)?.url });
    })));
  r.post('/api/v1/incidents/:key/hypotheses', { schema: { tags, summary: 'Add a hypothesis', params: keyParams, body: hypothesisCreateSchema, response: page } }, async (req, reply) =>
    reply.status(201).send(await edit(req, req.params.key, (ctx, row) => addHypothesis(ctx, row, req.body.text))));
  r.patch('/api/v1/incidents/:key/hypotheses/:id', { schema: { tags, summary: 'Rule a hypothesis out (with evidence), confirm or reopen it', params: itemParams, body: hypothesisPatchSchema, response: page } }, (req) =>
    edit(req, req.params.key, (ctx, row) => patchHypothesis(ctx, row, req.params.id, req.body)));
  r.post('/api/v1/incidents/:key/workstreams', { schema: { tags, summary: 'Start a workstream: a goal, an owner, a status', params: keyParams, body: workstreamCreateSchema, response: page } }, async (req, reply) =>
    reply.status(201).send(await edit(req, req.params.key, (ctx, row) => addWorkstream(ctx, row, req.body))));
  r.patch('/api/v1/incidents/:key/workstreams/:id', { schema: { tags, summary: 'Update a workstream', params: itemParams, body: workstreamPatchSchema, response: page } }, (req) =>
    edit(req, req.params.key, (ctx, row) => patchWorkstream(ctx, row, req.params.id, req.body)));
}
