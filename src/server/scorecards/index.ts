// Scorecards: Scorecard documents, evaluation runs, lossless history, why-diffs, waivers and
// attestations, `tally score`. The only way in from other folders; other domains read grades
// through the read model below, never the tables.
import { CATALOG_CHANGED } from '../catalog/index.ts';
import { FACTS_RECORDED } from '../facts/index.ts';
import type { TallyModule } from '../module.ts';
import { scorecardJobs, makeScorecardsDue } from './jobs.ts';
import { scorecardKind } from './document/kind.ts';
import { attestationsContext, manualCheck } from './waivers/manual.ts';
import { resultRoutes } from './results.routes.ts';
import { evaluateCommands } from './evaluate.cli.ts';
import { scoreCommands } from './score.cli.ts';
import { attestCommands, waiverCommands } from './waiver.cli.ts';
import { scorecardRoutes } from './scorecards.routes.ts';
import { scorecardsConfigSchema } from './settings.ts';

export { currentGrades, currentRequirementResults, currentRequirementStates, entitiesGraded, firstEvaluationDone, gradeIntervals, gradesAt, gradesGeneration, requirementsFixed, scorecardNames, waiversExpiring, type GradeInterval, type GradeRow } from './read-model.ts';
export { loadRubrics, type Rubric } from './repository.ts';
export { nextBestActions, type NextAction } from './evaluation/next-actions.ts';
export { round2, type ScoredResult, type ResultState } from './evaluation/scoring.ts';
export { GRADE_CHANGED, type GradeChangedPayload, type GradeMove } from './events.ts';
export { evaluateFiles, type OfflineResult } from './evaluation/offline.ts';
export { DEFAULT_SETTINGS_NOTE, offlineTarget } from './score.cli.ts';
export { runEvaluation, type RunSummary } from './evaluation/run.ts';
export { runDueScorecards } from './jobs.ts';
export { seedHistory, type HistoryScript, type SeedSummary } from './history/seed.ts';

const reevaluateAll = async ({ db }: { db: Parameters<typeof makeScorecardsDue>[0] }) => makeScorecardsDue(db);

export const scorecardsModule: TallyModule = {
  name: 'scorecards',
  config: { scorecards: scorecardsConfigSchema },
  tables: ['scorecards', 'scorecard_versions', 'requirement_results', 'requirement_current', 'requirement_closed', 'grade_history', 'grade_current', 'grade_closed', 'attestations', 'waivers', 'evaluation_runs', 'result_digests'],
  documents: [scorecardKind],
  checkTypes: [manualCheck],
  contexts: [attestationsContext],
  events: [
    { event: CATALOG_CHANGED, name: 'scorecards.catalog-changed', handle: reevaluateAll },
    { event: FACTS_RECORDED, name: 'scorecards.facts-recorded', handle: reevaluateAll },
  ],
  routes(app, deps, host) {
    scorecardRoutes(app, deps, host);
    resultRoutes(app, deps, host);
  },
  jobs: (_config, host) => scorecardJobs(host.grading),
  commands(program, io, host) {
    scoreCommands(program, io, host);
    evaluateCommands(program, io);
    waiverCommands(program, io);
    attestCommands(program, io);
  },
};
