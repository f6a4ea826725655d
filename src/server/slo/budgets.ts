// What budget computation needs from the app: the configured Prometheus servers, fetch, a timeout.
import type { AppDeps } from '../platform/deps.ts';
import type { BudgetDeps } from './budget.ts';

export function budgetDepsOf(deps: Pick<AppDeps, 'config'> & { fetch?: typeof fetch }): BudgetDeps {
  return { fetch: deps.fetch ?? fetch, prometheus: deps.config.checks.prometheus, timeoutMs: deps.config.checks.timeoutMs };
}
