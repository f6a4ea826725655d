// Incident statistics per service or team over a period (drills left out).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { statsViewSchema } from '../../../common/api/incidents-learning.ts';
import { catalogSnapshot } from '../../catalog/index.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead } from '../../platform/http/auth.ts';
import { instantParam, refParam, timeRange } from '../../platform/http/params.ts';
import { InputError, problem } from '../../platform/problems.ts';
import { tags } from '../incidents.routes.ts';
import { incidentStats } from './stats.ts';

const query = z.object({ entity: z.string().max(400).optional(), team: z.string().max(400).optional(), from: instantParam.optional(), to: instantParam.optional() });

export function statsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/incidents/stats', { schema: { tags, summary: 'Incidents by severity and minutes to detect / mitigate / resolve, per service or team (default: the last 90 days; at most 366)', querystring: query, response: { 200: statsViewSchema } } }, async (req) => {
    canRead(req);
    const period = timeRange(req.query, { now: deps.clock(), defaultDays: 90, maxDays: 366 });
    if (req.query.entity) {
      const entity = refParam(req.query.entity, 'querystring.entity', 'component');
      return incidentStats(deps.db, { entity, services: [entity] }, period);
    }
    if (!req.query.team) throw InputError.fromProblems('entity or team is required', [problem('give entity=REF or team=REF', { field: 'querystring.entity' })]);
    const team = refParam(req.query.team, 'querystring.team', 'group');
    const services = (await catalogSnapshot(deps.db)).entities.filter((e) => e.owner === team && e.kind === 'component').map((e) => e.ref);
    return incidentStats(deps.db, { team, services }, period);
  });
}
