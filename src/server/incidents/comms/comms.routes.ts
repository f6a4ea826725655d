// Communications over HTTP: the incident's channels and deliveries (which one is live), and the
// public status page (HTML at /status-page, JSON at /api/v1/status-page).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commsViewSchema, statusPageSchema } from '../../../common/api/incidents.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead } from '../../platform/http/auth.ts';
import { keyParams, tags } from '../incidents.routes.ts';
import { loadIncident } from '../record/load.ts';
import { commsOf } from './comms.ts';
import { renderStatusPage, statusPage } from './status-page.ts';

export function commsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/incidents/:key/comms', { schema: { tags, summary: 'Channels, subscribers and every delivery of the announcements; which channel is live', params: keyParams, response: { 200: commsViewSchema } } }, async (req) => {
    canRead(req);
    return commsOf(deps.db, deps.config, await loadIncident(deps.db, req.params.key));
  });
  // Public by design: the status page is for people who cannot sign in (customers, everyone when chat is down).
  r.get('/api/v1/status-page', { schema: { tags, summary: 'The public status page as JSON (no token needed)', response: { 200: statusPageSchema } } }, async () => statusPage(deps.db, deps.config, deps.clock()));
  r.get('/status-page', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderStatusPage(await statusPage(deps.db, deps.config, deps.clock()))));
}
