// The change database: ingest (REST, CLI, GitHub, PagerDuty, CEL-mapped webhooks), queries,
// suspects, revert actions (exactly once), DORA (with the verdicts and restores incidents
// report), and the `changes` context provider and check type. The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { changeCommands } from './change.cli.ts';
import { changesHookRoutes } from './ingest/hooks.routes.ts';
import { changesRoutes } from './changes.routes.ts';
import { changesCheck } from './stats/check.ts';
import { changesConfigSchema } from './config.ts';
import { changesContext } from './stats/context.ts';
import { changesRetentionJob } from './retention.ts';
import * as m0010 from './migrations/0010_change_verdicts.ts';

export { changeStats, doraFigures, type ChangeStats, type DoraFigures, type Incident } from './stats/dora.ts';
export { changeStatsFor, doraFor, type DoraReport } from './stats/stats.ts';
export { CHANGE_RECORDED, CHANGE_FAILED, recordChanges, parseChangeBody, patchChange, type RecordOutcome } from './ingest/record.ts';
export { setChangeVerdict, clearChangeVerdict, recordRestore, changeVerdicts, FAILED_VERDICT } from './verdicts/verdicts.ts';
export { rankSuspects, type Suspect, type SuspectCandidate } from './suspects/suspects.ts';
export { findSuspects } from './suspects/service.ts';
export { listChanges, getChange, changeTimeline } from './query.ts';
export { revertChange, revertStates, type RevertDeps } from './revert/revert.ts';
export { dependencyDistances } from './query.ts';
export { seedDemoChanges } from './ingest/demo-seed.ts';

export const changesModule: TallyModule = {
  name: 'changes',
  config: { changes: changesConfigSchema.prefault({}) },
  migrations: { '0010_change_verdicts': m0010 },
  tables: ['changes', 'change_entities', 'revert_attempts', 'change_verdicts', 'change_restores'],
  checkTypes: [changesCheck],
  contexts: [changesContext],
  routes(app, deps) {
    changesRoutes(app, deps);
    changesHookRoutes(app, deps);
  },
  jobs: () => [changesRetentionJob],
  commands: changeCommands,
};
