// The notification delivery log (docs/policies.md#notifications).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deliveriesSchema } from '../../common/api/notifications.ts';
import type { AppDeps } from '../platform/deps.ts';
import { mustHave } from '../platform/http/auth.ts';
import { presentDelivery } from './delivery.ts';
import { listDeliveries } from './repository.ts';

const query = z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

export function notificationsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/notifications/deliveries', { schema: { tags: ['notifications'], summary: 'Notification deliveries, newest first (viewer token)', querystring: query, response: { 200: deliveriesSchema } } }, async (req) => {
    mustHave(req, 'viewer');
    return { items: (await listDeliveries(deps.db, req.query)).map(presentDelivery) };
  });
}
