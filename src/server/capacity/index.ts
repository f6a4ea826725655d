// Capacity planning: vector bin packing of workloads onto machines (the heuristics of Panigrahy et
// al., MSR 2011), against the lower bound, with a migration plan of few moves. `tally capacity
// plan` and POST /api/v1/capacity/plan; the balance of a resource spread over nodes (`tally
// capacity imbalance`, the `imbalance` check type). The only way in from other folders. docs/capacity.md.
import type { TallyModule } from '../module.ts';
import { capacityCommands } from './capacity.cli.ts';
import { imbalanceCheck } from './check.ts';
import { capacityRoutes } from './capacity.routes.ts';

export { plan } from './plan.ts';

export const capacityModule: TallyModule = {
  name: 'capacity',
  routes: capacityRoutes,
  checkTypes: [imbalanceCheck],
  commands: capacityCommands,
};
