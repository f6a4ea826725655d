// The demo organisation's helpers, active only with `server.demo`: stand-in status pages and a
// webhook receiver, and the start-up preparation (repositories, first import, changes, grades).
import type { TallyModule } from '../module.ts';
import { firstEvaluationDone } from '../scorecards/index.ts';
import { demoRoutes } from './demo.routes.ts';
import { prepareDemo } from './prepare.ts';

export const demoModule: TallyModule = {
  name: 'demo',
  routes: demoRoutes,
  start: prepareDemo,
  // A new user's first page must show grades: the demo is not ready until it has been graded once.
  notReadyBecause: async (deps) => (deps.config.server.demo && !(await firstEvaluationDone(deps.db)) ? 'first evaluation running' : undefined),
};
