// The demo organisation's stand-ins for the outside world, served only when `server.demo` is on:
// status endpoints for Acme's services (so `http` checks have something real to probe) and a
// webhook receiver (so notifications can be watched arriving). The receiver keeps the last 200
// deliveries in memory: it is a demo prop, not part of Tally's state.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/deps.ts';

/** Services whose demo status endpoint is down or slow, so the demo's grades have variety. */
// Only recommendations and search have a status URL in the catalog among these; the others
// have none (their status-endpoint requirement is n/a), and stay here in case they get one.
const DOWN = new Set(['wishlist', 'cms-preview', 'returns', 'recommendations']);
const SLOW_MS: Record<string, number> = { 'search-indexer': 1200, reconciliation: 900, search: 1500 };

interface Received {
  at: string;
  team: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export function demoRoutes(app: FastifyInstance, deps: AppDeps): void {
  if (!deps.config.server.demo) return;
  const received: Received[] = [];
  // Tally calls these pages itself, in bursts seconds apart (the history seed's probes, then the
  // first evaluation's). Closing each connection keeps a burst from reusing a keep-alive socket
  // the server is closing at that moment, which would fail a probe on a busy machine.
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/demo/')) reply.header('connection', 'close');
  });
  app.get<{ Params: { name: string } }>('/demo/status/:name', { schema: { hide: true } }, async (req, reply) => {
    const { name } = req.params;
    const delay = SLOW_MS[name];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (DOWN.has(name)) return reply.status(503).send({ status: 'down', service: name, reason: 'database connection pool exhausted' });
    return { status: 'ok', service: name, version: '2026.11.3', uptimeSeconds: 86_400 * 3, checks: { database: 'ok', cache: 'ok' } };
  });
  app.post<{ Params: { team: string } }>('/demo/webhooks/:team', { schema: { hide: true } }, async (req) => {
    received.unshift({ at: deps.clock().toISOString(), team: req.params.team, headers: req.headers, body: req.body });
    received.length = Math.min(received.length, 200);
    return { ok: true };
  });
  app.get('/demo/webhooks', { schema: { hide: true } }, async () => ({ received }));
}
