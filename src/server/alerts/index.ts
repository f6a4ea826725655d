// Alert hygiene: `tally alerts lint` over Prometheus rule files (runbooks, summaries, severities,
// names, for:, routing, disk time-to-full, rates of utilisation). The only way in. docs/alerts.md.
import type { TallyModule } from '../module.ts';
import { alertsCommands } from './alerts.cli.ts';
import { alertsRoutes } from './alerts.routes.ts';

export { lintRules, DEFAULT_LINT_OPTIONS, type Finding, type LintSummary } from './lint.ts';
export { parseRuleFile, type PromRule } from './rule-file.ts';

export const alertsModule: TallyModule = {
  name: 'alerts',
  routes: alertsRoutes,
  commands: alertsCommands,
};
