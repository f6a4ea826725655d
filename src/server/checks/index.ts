// The grading contracts (check types, context providers, the grading environment) and the generic
// check types: expr, http, prometheus, git, command. The only way in from other folders.
import { commandCheck } from './command.ts';
import { checksConfigSchema } from './config.ts';
import { exprCheck } from './expr.ts';
import { gitCheck } from './git.ts';
import { httpCheck } from './http.ts';
import { prometheusCheck } from './prometheus.ts';

export type { CatalogView, CheckContext, CheckEnv, CheckState, CheckType, CollectDeps, CollectItem, ContextProvider, EvaluateTarget, Explanation, OfflineInput, Outcome, ProviderDeps } from './types.ts';
export { createGrading, CORE_VARIABLES, celEntity, type Grading } from './grading.ts';
export { celFieldsRead, checkCelProblems, evaluateCheckCel, checkCelTypes } from './cel.ts';
export { boolOutcome } from './expr.ts';
export { factCheck, withRequirementMessage } from './fact-check.ts';
export { probeUrl } from './http.ts';
export { findRepo, runGit } from './git-repo.ts';
export { repoDirFor } from './git.ts';
export { parsePromMatrix, parsePromResponse, type PromSeries } from './prometheus-api.ts';
export { commandCheck, exprCheck, gitCheck, httpCheck, prometheusCheck };

/** The checks module (typed as a TallyModule in modules.ts: checks/ sits below module.ts). */
export const checksModule = {
  name: 'checks',
  config: { checks: checksConfigSchema },
  checkTypes: [exprCheck, httpCheck, prometheusCheck, gitCheck, commandCheck],
};
