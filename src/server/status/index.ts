// Tally's own health: /healthz, /readyz, /status, /metrics, runtime controls, whoami.
import type { TallyModule } from '../module.ts';
import { statusRoutes } from './status.routes.ts';

export const statusModule: TallyModule = { name: 'status', routes: statusRoutes };
