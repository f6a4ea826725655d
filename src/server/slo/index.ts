// SLOs: OpenSLO documents from the catalog sources, Prometheus rules and their unit tests out
// (`tally slo rules`), error budgets and burn rates from Prometheus's query_range, the `slo`
// check type. The only way in from other folders. docs/slo.md.
import { whenReady, type TallyModule } from '../module.ts';
import { sloCheck, sloContext } from './check.ts';
import { sloConfigSchema } from './config.ts';
import { startDemoPrometheus } from './demo/prometheus.ts';
import { openSloKind } from './kind.ts';
import * as m0013 from './migrations/0013_slo.ts';
import { sloCommands } from './slo.cli.ts';
import { sloRoutes } from './slo.routes.ts';
import { SLO_TABLES } from './tables.ts';

export const sloModule: TallyModule = {
  name: 'slo',
  config: { slo: sloConfigSchema },
  migrations: { '0013_slo': m0013 },
  tables: SLO_TABLES,
  documents: [openSloKind],
  checkTypes: [sloCheck],
  contexts: [sloContext],
  routes: sloRoutes,
  commands: sloCommands,
  // The demo's Prometheus (backfilled demo metrics), in the background once every module says the
  // server is ready: a demo prop must not slow the demo's own preparation.
  async start(deps, host) {
    if (!deps.config.server.demo) return;
    whenReady(deps, host, 'the demo Prometheus', () => startDemoPrometheus(deps));
  },
};

