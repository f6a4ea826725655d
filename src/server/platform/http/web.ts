// Serves the built web UI (dist/web) at `/`, with index.html for client-side routes.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../package-root.ts';

export const WEB_DIR = resolve(PACKAGE_ROOT, 'dist/web');
const API_PREFIXES = ['/api/', '/badges/', '/metrics', '/healthz', '/readyz', '/status', '/v2/', '/hooks/', '/demo/'];

export async function serveWeb(app: FastifyInstance, dir = WEB_DIR): Promise<void> {
  if (!existsSync(resolve(dir, 'index.html'))) {
    app.get('/', async (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>Tally</title><h1>Tally</h1><p>The web UI is not built yet: run <code>npm run build:web</code> (npm start does this). The API docs are at <a href="/api/docs">/api/docs</a>.</p>'),
    );
    return;
  }
  // Loaded here, not with the module: only `tally serve` needs it (CLI start-up time).
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, maxAge: '1h', immutable: false });
  app.get('/*', async (req, reply) => {
    if (API_PREFIXES.some((p) => req.url.startsWith(p))) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
