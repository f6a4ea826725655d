// Builds the Fastify app from its dependencies. No listening here: main.ts listens, tests inject.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { attachPrincipal } from './auth.ts';
import { handleError, errorBody } from './errors.ts';
import { drainOnClose } from './drain.ts';
import { inlineScriptHashes, policyWithHashes, securityHeaders } from './headers.ts';
import { readJsonBodies } from './input.ts';
import { registerRateLimits } from './limits.ts';
import { routeReads } from './read-routing.ts';
import { serveWeb, WEB_DIR } from './web.ts';

export type App = FastifyInstance;

/** The routes of every module, registered on the app (the host passes them in). */
export type RegisterRoutes = (app: FastifyInstance, deps: AppDeps) => void | Promise<void>;

export async function buildApp(deps: AppDeps, registerRoutes: RegisterRoutes): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request lines would drown the log; latency goes to /metrics instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.server.bodyLimitBytes,
    routerOptions: { maxParamLength: 500 },
    // A client that trickles its request (a byte every few seconds) is cut off at the deadline;
    // on close, idle keep-alive connections end at once and busy ones after their answer.
    requestTimeout: deps.config.server.connections.requestTimeoutMs,
    keepAliveTimeout: deps.config.server.connections.keepAliveTimeoutMs,
    // Node checks the deadlines every 30 s by default: once a second keeps them near their value.
    http: { connectionsCheckingInterval: 1000, headersTimeout: Math.min(10_000, deps.config.server.connections.requestTimeoutMs) },
    // Closing drains first (drain.ts): requests keep being answered, with Connection: close.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  }) as unknown as FastifyInstance;
  app.server.maxConnections = deps.config.server.connections.max;
  drainOnClose(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => reply.status(404).send(errorBody('not-found', `no route ${req.method} ${req.url.split('?')[0]}`)));
  securityHeaders(app, policyWithHashes(deps.config.server.contentSecurityPolicy, inlineScriptHashes(WEB_DIR)));
  readJsonBodies(app);

  const guard = await registerRateLimits(app, deps);
  app.addHook('onRequest', attachPrincipal(deps, guard));
  routeReads(app, deps);
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    deps.metrics.httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Tally API', version: deps.version, description: 'Grades, catalog, dependency graph and changes. Writes need `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerRoutes(app, deps);
  await serveWeb(app);
  return app;
}
