// The change database: ingest (REST, CLI, GitHub, PagerDuty, CEL-mapped webhooks), queries,
// suspects, revert actions (exactly once), DORA, and the `changes` context provider and check
// type. The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { changeCommands } from './change.cli.ts';
import { changesHookRoutes } from './ingest/hooks.routes.ts';
import { changesRoutes } from './changes.routes.ts';
import { changesCheck } from './stats/check.ts';
import { changesConfigSchema } from './config.ts';
import { changesContext } from './stats/context.ts';
import { changesRetentionJob } from './retention.ts';

export { changeStats, doraFigures, type ChangeStats, type DoraFigures, type Incident } from './stats/dora.ts';
export { changeStatsFor, doraFor, type DoraReport } from './stats/stats.ts';
export { CHANGE_RECORDED, recordChanges, parseChangeBody, patchChange, type RecordOutcome } from './ingest/record.ts';
export { rankSuspects, type Suspect, type SuspectCandidate } from './suspects/suspects.ts';
export { findSuspects } from './suspects/service.ts';
export { listChanges, getChange, changeTimeline } from './query.ts';
export { revertChange } from './revert/revert.ts';
export { seedDemoChanges } from './ingest/demo-seed.ts';

export const changesModule: TallyModule = {
  name: 'changes',
  config: { changes: changesConfigSchema.prefault({}) },
  tables: ['changes', 'change_entities', 'revert_attempts'],
  checkTypes: [changesCheck],
  contexts: [changesContext],
  routes(app, deps) {
    changesRoutes(app, deps);
    changesHookRoutes(app, deps);
  },
  jobs: () => [changesRetentionJob],
  commands: changeCommands,
};
