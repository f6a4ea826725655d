// POST /api/v1/capacity/plan: the capacity planner over HTTP (the same input and answer as
// `tally capacity plan --format json`). Computes only; stores nothing.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { capacityPlanSchema } from '../../common/api/forecasts.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead } from '../platform/http/auth.ts';
import { plan } from './plan.ts';

const body = z.record(z.string(), z.unknown()).describe('{machines: [{name, capacity: {cpu: 64, memory: 256, …}}], workloads: [{name, demand: {…}, machine?}]}');

export function capacityRoutes(app: FastifyInstance, _deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/capacity/plan', { schema: { tags: ['capacity'], summary: 'Place workloads on machines (vector bin packing): the best heuristic against the lower bound, and the fewest moves from the current placement', body, response: { 200: capacityPlanSchema } } }, async (req) => {
    canRead(req);
    return plan(req.body, 'request body');
  });
}
