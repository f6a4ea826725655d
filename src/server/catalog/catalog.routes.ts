import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { entityBodySchema, entityPageSchema, entitySchema, refreshResultSchema } from '../../common/api/catalog.ts';
import { noContentSchema } from '../../common/api/shared.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import type { Host } from '../module.ts';
import { refreshSources } from '../platform/documents/refresh.ts';
import { refParam } from '../platform/http/params.ts';
import { deleteEntity, getEntity, listEntities, upsertEntity } from './service.ts';

const listQuery = z.object({
  kind: z.string().optional(),
  type: z.string().optional(),
  owner: z.string().optional().describe('owner ref; a bare name means a Group'),
  system: z.string().optional(),
  lifecycle: z.string().optional(),
  tier: z.coerce.number().int().min(1).max(9).optional(),
  text: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
const refParams = z.object({ ref: z.string().min(1).max(400) });

export function catalogRoutes(app: FastifyInstance, deps: AppDeps, host: Host): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/entities', { schema: { tags: ['catalog'], summary: 'List entities', querystring: listQuery, response: { 200: entityPageSchema } } }, async (req) => {
    canRead(req);
    const { limit, cursor, owner, system, ...rest } = req.query;
    const filter = {
      ...rest,
      owner: owner ? refParam(owner, 'querystring.owner', 'group') : undefined,
      system: system ? refParam(system, 'querystring.system', 'system') : undefined,
    };
    return listEntities(deps.read, filter, { limit, cursor });
  });
  r.get('/api/v1/entities/:ref', { schema: { tags: ['catalog'], summary: 'One entity with its relations', params: refParams, response: { 200: entitySchema } } }, async (req) => {
    canRead(req);
    return getEntity(deps.read, refParam(req.params.ref, 'params.ref', 'component'));
  });
  r.put('/api/v1/entities', { schema: { tags: ['catalog'], summary: 'Create or replace an entity (editor)', body: entityBodySchema, response: { 200: entitySchema, 201: entitySchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const { item, created } = await upsertEntity(deps, req.body, who, deps.clock());
    return reply.status(created ? 201 : 200).send(item);
  });
  r.delete('/api/v1/entities/:ref', { schema: { tags: ['catalog'], summary: 'Delete an entity created through the API (editor)', params: refParams, response: { 204: noContentSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    await deleteEntity(deps, refParam(req.params.ref, 'params.ref', 'component'), who, deps.clock());
    return reply.status(204).send(null); // no body (a 204 has none); null satisfies the declared schema
  });
  r.post('/api/v1/catalog/refresh', { schema: { tags: ['catalog'], summary: 'Re-read every source now (editor)', response: { 200: refreshResultSchema } } }, async (req) => {
    mustHave(req, 'editor');
    const report = await refreshSources(deps, host.documents, host);
    return { sources: report.outcomes };
  });
}
