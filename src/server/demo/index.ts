// The demo organisation's helpers, active only with `server.demo`: stand-in status pages and a
// webhook receiver, and the start-up preparation (repositories, first import, changes, grades).
import type { TallyModule } from '../module.ts';
import { demoRoutes } from './demo.routes.ts';
import { prepareDemo } from './prepare.ts';

export const demoModule: TallyModule = {
  name: 'demo',
  routes: demoRoutes,
  start: prepareDemo,
};
