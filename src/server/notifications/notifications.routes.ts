// The notification delivery log (docs/policies.md#notifications).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { mustHave } from '../platform/http/auth.ts';
import { cursorParam, limitParam, pageOf, timeIdCursor } from '../platform/http/params.ts';
import { presentDelivery } from './delivery.ts';
import { listDeliveries } from './repository.ts';

const query = z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional(), limit: limitParam(500, 100), cursor: cursorParam });

export function notificationsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/notifications/deliveries', { schema: { tags: ['notifications'], summary: 'Notification deliveries, newest first (viewer token)', querystring: query } }, async (req) => {
    mustHave(req, 'viewer');
    const { limit, status, cursor } = req.query;
    const page = pageOf(await listDeliveries(deps.db, { status, limit: limit + 1, after: timeIdCursor(cursor) }), limit, (r) => [r.created_at, r.id]);
    return { items: page.rows.map(presentDelivery), nextCursor: page.nextCursor };
  });
}
