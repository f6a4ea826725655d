// Resource forecasts: the methods (predict_linear and holt_winters exactly as Prometheus 2.42
// answers them, MSTL/ETS with intervals), resources from the catalog with usage from Prometheus
// or uploaded samples, time to exhaustion against lead time (warned through the notification
// outbox), rolling-origin backtests, the API and `tally forecast`. The only way in from other
// folders. docs/forecasts.md.
import type { TallyModule } from '../module.ts';
import { capacityCheck } from './check.ts';
import { forecastsConfigSchema } from './config.ts';
import { factsAsUsage } from './facts.ts';
import { capacityContext } from './context.ts';
import { seedDemoUsage } from './demo.ts';
import { forecastCommands } from './forecasts.cli.ts';
import { forecastsRoutes } from './forecasts.routes.ts';
import { forecastJobs } from './jobs.ts';
import * as m0015 from './migrations/0015_forecasts.ts';
import { FORECAST_TABLES } from './tables.ts';

export { timeToExhaustion, type Exhaustion } from './exhaustion.ts';
export { forecastAt, type ForecastAnswer } from './forecast.ts';
export { seedDemoUsage } from './demo.ts';

export const forecastsModule: TallyModule = {
  name: 'forecasts',
  config: { forecasts: forecastsConfigSchema },
  migrations: { '0015_forecasts': m0015 },
  tables: FORECAST_TABLES,
  checkTypes: [capacityCheck],
  contexts: [capacityContext],
  events: [factsAsUsage],
  routes: forecastsRoutes,
  jobs: () => forecastJobs(),
  commands: forecastCommands,
  async start(deps) {
    await seedDemoUsage(deps);
  },
};
