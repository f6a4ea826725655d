// README badges of services and teams (SVG). The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { badgeRoutes } from './badges.routes.ts';

export const badgesModule: TallyModule = { name: 'badges', routes: badgeRoutes };
