// Alert hygiene: `tally alerts lint` over Prometheus rule files (runbooks, summaries, severities,
// names, for:, routing, disk time-to-full, rates of utilisation), the same lint on the server over
// alerts.ruleFiles and a Prometheus's rules, alert statistics and fatigue (ALERTS series and
// Tally's pages), the dashboard of alerts firing now (Alertmanager), the `alerts` check type.
// The only way in. docs/alerts.md.
import type { TallyModule } from '../module.ts';
import { alertsCommands } from './alerts.cli.ts';
import { alertsRoutes } from './alerts.routes.ts';
import { alertsCheck, alertsContext } from './check.ts';
import { alertsConfigSchema } from './config.ts';

export { lintRules, DEFAULT_LINT_OPTIONS, type Finding, type LintSummary } from './lint.ts';
export { parseRuleFile, type PromRule } from './rule-file.ts';

export const alertsModule: TallyModule = {
  name: 'alerts',
  config: { alerts: alertsConfigSchema },
  checkTypes: [alertsCheck],
  contexts: [alertsContext],
  routes: alertsRoutes,
  commands: alertsCommands,
};
