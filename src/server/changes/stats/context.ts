// The `changes` context provider: each entity's change statistics (`changes.deploysLast30d`, …),
// for the `changes` check (as `stats`) and any CEL expression. Only the server keeps changes.
import type { ContextProvider } from '../../checks/index.ts';
import type { ChangeStats } from './dora.ts';
import { explainChangeStats } from './explain.ts';
import { changeStatsFor } from './stats.ts';

export const changesContext: ContextProvider<ChangeStats | Record<string, never>> = {
  name: 'changes',
  celType: 'map<string, dyn>',
  description: 'Change statistics from the change database; empty for an entity with no production change ever.',
  fields: {
    deploysLast30d: 'production deploys in the last 30 days',
    deployFrequencyPerWeek: 'production deploys per week over 30 days',
    changeFailureRate30d: 'share of those deploys that failed or were reverted (null without deploys)',
    failedAutomatedWithoutPostmortem: 'failed automated deploys older than changes.postmortemDays with no postmortem link',
    changesLast30d: 'changes of any kind in the last 30 days',
    withoutRevertLast30d: 'of those, changes registered without a revert action',
    daysSinceLastChange: 'days since the last production change',
    withoutRevert: 'the changes counted by withoutRevertLast30d, newest first (at most 10): `id`, `summary`, `startedAt`',
    failedWithoutPostmortem: 'the changes counted by failedAutomatedWithoutPostmortem, newest first (at most 10)',
  },
  empty: {},
  load: (deps, catalog, refs) => changeStatsFor(deps.db, [...(refs ?? catalog.entities.map((e) => e.ref))], deps.now, { postmortemDays: deps.config.changes.postmortemDays }),
  offlineReason: "change statistics live in the server's change database",
  explain: (stats, fields) => explainChangeStats(stats, fields),
};
