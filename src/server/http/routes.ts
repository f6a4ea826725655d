// The explicit list of everything the server answers. Read this file to know the API's surface.
import type { FastifyInstance } from 'fastify';
import { catalogRoutes } from '../catalog/catalog.routes.ts';
import type { AppDeps } from '../deps.ts';
import { demoRoutes } from '../demo/demo.routes.ts';
import { graphRoutes } from '../graph/graph.routes.ts';
import { documentConsumers } from '../sources/consumers.ts';
import { statusRoutes } from '../status/status.routes.ts';

export async function registerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  statusRoutes(app, deps);
  catalogRoutes(app, deps, documentConsumers);
  graphRoutes(app, deps);
  demoRoutes(app, deps);
}
