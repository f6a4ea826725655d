// Errors: Sentry-compatible ingest (envelope and store endpoints, DSN keys), Sentry-equal
// grouping (config newstyle:2023-01-11), issues with exact per-minute counts, regressions told to
// the owners. The only way in from other folders. docs/errors.md.
import { CATALOG_CHANGED } from '../catalog/index.ts';
import type { TallyModule } from '../module.ts';
import { errorsCheck } from './check/check.ts';
import { errorsContext } from './check/context.ts';
import { errorsConfigSchema } from './config.ts';
import { seedDemoErrors } from './demo-errors/seed.ts';
import { errorCommands } from './errors.cli.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import { issuesRoutes } from './issues/issues.routes.ts';
import * as m0012 from './migrations/0012_errors.ts';
import { syncProjectsFromCatalog } from './projects.ts';
import { errorsRetentionJob } from './retention.ts';
import { ERROR_TABLES } from './tables.ts';

export { groupEvent, GROUPING_CONFIG, type GroupingResult } from './grouping/grouping.ts';
export { encryptDebugBlob, type DebugData } from './debug/blob.ts';
export { firstErrorSpike, type ErrorSpike } from './issues/spike.ts';

export const errorsModule: TallyModule = {
  name: 'errors',
  config: { errors: errorsConfigSchema },
  migrations: { '0012_errors': m0012 },
  tables: ERROR_TABLES,
  checkTypes: [errorsCheck],
  contexts: [errorsContext],
  events: [{ event: CATALOG_CHANGED, name: 'errors.sync-projects', handle: async (ctx) => void (await syncProjectsFromCatalog(ctx.db, ctx.now)) }],
  routes(app, deps) {
    ingestRoutes(app, deps);
    issuesRoutes(app, deps);
  },
  jobs: () => [errorsRetentionJob],
  commands: errorCommands,
  // The demo's errors (after the demo module imported the catalog).
  start: seedDemoErrors,
};
