// THE list of modules. A domain plugs in here with one line; everything it adds (config,
// documents, check types, context providers, routes, jobs, events, commands) is in its record.
// Order matters only where it shows: routes register and commands list in this order.
import { backupModule } from './backup/index.ts';
import { alertsModule } from './alerts/index.ts';
import { badgesModule } from './badges/index.ts';
import { capacityModule } from './capacity/index.ts';
import { catalogModule } from './catalog/index.ts';
import { changesModule } from './changes/index.ts';
import { checksModule } from './checks/index.ts';
import { demoModule } from './demo/index.ts';
import { errorsModule } from './errors/index.ts';
import { edgeModule } from './edge/index.ts';
import { factsModule } from './facts/index.ts';
import { forecastsModule } from './forecasts/index.ts';
import { graphModule } from './graph/index.ts';
import { incidentsModule } from './incidents/index.ts';
import { leaderboardModule } from './leaderboard/index.ts';
import type { TallyModule } from './module.ts';
import { notificationsModule } from './notifications/index.ts';
import { oncallModule } from './oncall/index.ts';
import { policiesModule } from './policies/index.ts';
import { scorecardsModule } from './scorecards/index.ts';
import { sloModule } from './slo/index.ts';
import { statusModule } from './status/index.ts';

export const modules: readonly TallyModule[] = [
  statusModule,
  catalogModule,
  graphModule,
  checksModule,
  factsModule,
  scorecardsModule,
  policiesModule,
  leaderboardModule,
  badgesModule,
  notificationsModule,
  changesModule,
  demoModule,
  incidentsModule,
  errorsModule,
  backupModule,
  forecastsModule,
  capacityModule,
  edgeModule,
  sloModule,
  alertsModule,
  oncallModule,
];
