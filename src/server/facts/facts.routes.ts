// POST /api/v1/facts: applications, jobs and pipelines report what they observed.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { factsAcceptedSchema } from '../../common/api/system.ts';
import type { AppDeps } from '../platform/deps.ts';
import { mustHave } from '../platform/http/auth.ts';
import { MAX_FACTS_PER_BATCH, recordFactsFromApi } from './facts.ts';

const factBody = z.union([z.strictObject({ facts: z.array(z.unknown()).min(1).max(MAX_FACTS_PER_BATCH) }), z.record(z.string(), z.unknown())]).describe('one fact {entity, name, value, observedAt} or {facts: [...]}');

export function factsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/facts', { schema: { tags: ['facts'], summary: 'Report facts (editor): one or a batch, all or nothing; the entities are re-graded', body: factBody, response: { 202: factsAcceptedSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    return reply.status(202).send(await recordFactsFromApi(deps, req.body, deps.clock(), who.name));
  });
}
