// The explicit list of everything the server answers. Read this file to know the API's surface.
import type { FastifyInstance } from 'fastify';
import { badgeRoutes } from '../../badges/badges.routes.ts';
import { catalogRoutes } from '../../catalog/catalog.routes.ts';
import { changesHookRoutes } from '../../changes/changes-hooks.routes.ts';
import { changesRoutes } from '../../changes/changes.routes.ts';
import type { AppDeps } from '../deps.ts';
import { demoRoutes } from '../../demo/demo.routes.ts';
import { graphRoutes } from '../../graph/graph.routes.ts';
import { leaderboardRoutes } from '../../leaderboard/leaderboard.routes.ts';
import { notificationsRoutes } from '../../notifications/notifications.routes.ts';
import { policiesRoutes } from '../../policies/policies.routes.ts';
import { documentConsumers } from '../../sources/consumers.ts';
import { resultRoutes } from '../../scorecards/results.routes.ts';
import { scorecardRoutes } from '../../scorecards/scorecards.routes.ts';
import { statusRoutes } from '../../status/status.routes.ts';

export async function registerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  statusRoutes(app, deps);
  catalogRoutes(app, deps, documentConsumers);
  graphRoutes(app, deps);
  changesRoutes(app, deps);
  changesHookRoutes(app, deps);
  demoRoutes(app, deps);
  policiesRoutes(app, deps);
  leaderboardRoutes(app, deps);
  badgeRoutes(app, deps);
  notificationsRoutes(app, deps);
  scorecardRoutes(app, deps);
  resultRoutes(app, deps);
}
