// Policies: what a grade means — deploy windows and freezes, break-glass overrides, build
// priority, SRE support — and the reports on them. The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { policiesConfigSchema } from './config.ts';
import { deployCommands } from './deploy.cli.ts';
import { deleteDecisionsBefore } from './repository.ts';
import { policyKind } from './kind.ts';
import { policiesRoutes } from './policies.routes.ts';

export { consequenceOfF } from './consequences.ts';
export { defaultScorecard } from './reports.ts';
export type { DeployDecision } from './decide.ts';

export const policiesModule: TallyModule = {
  name: 'policies',
  config: { policies: policiesConfigSchema },
  tables: ['policies', 'deploy_overrides', 'deploy_decisions'],
  documents: [policyKind],
  routes: policiesRoutes,
  commands: deployCommands,
  jobs: () => [
    {
      name: 'deploy-decisions-retention',
      everyMs: 6 * 3_600_000,
      run: async (deps) => void (await deleteDecisionsBefore(deps.db, new Date(deps.clock().getTime() - deps.config.policies.decisionLogRetentionDays * 86_400_000).toISOString())),
    },
  ],
};
