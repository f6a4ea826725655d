// The `changes` check type: a CEL expression over the entity's change statistics (`stats`, see
// changeStats in dora.ts), e.g. `stats.failedAutomatedWithoutPostmortem == 0`, with the entity
// variables beside it. Pure: the statistics arrive through the `changes` context provider;
// without them the check is n/a (Tally holds no change data for the entity).
import { z } from 'zod';
import { checkCelProblems, evaluateCheckCel, type CheckType, type Outcome } from '../../checks/index.ts';

export const changesCheckSchema = z.strictObject({
  type: z.literal('changes'),
  expr: z.string().trim().min(1).max(2000),
});
export type ChangesCheckConfig = z.infer<typeof changesCheckSchema>;

const STATS_TYPES = { stats: 'map<string, dyn>' } as const;

export const changesCheck: CheckType<ChangesCheckConfig> = {
  type: 'changes',
  schema: changesCheckSchema,
  allowedFromApi: true,
  reads: (config, env) => ['changes', ...env.celReads(config.expr)],
  compile: (config, env) => checkCelProblems(config.expr, env, STATS_TYPES),
  evaluate(config, ctx, _observation, env): Outcome {
    const stats = ctx.data.changes as Record<string, unknown> | undefined;
    if (!stats) return { state: 'n/a', message: 'no change data for this entity' };
    const r = evaluateCheckCel(config.expr, env, ctx, STATS_TYPES, { stats });
    if (!r.ok) return { state: 'error', message: `could not evaluate ${config.expr}: ${r.message}`, evidence: { stats } };
    return { state: r.value ? 'pass' : 'fail', message: `${config.expr} is ${r.value} (${summarise(stats)})`, evidence: { stats } };
  },
};

/** The figures a reader needs next to the verdict. */
function summarise(stats: Record<string, unknown>): string {
  const keys = ['deploysLast30d', 'changeFailureRate30d', 'failedAutomatedWithoutPostmortem', 'daysSinceLastChange'];
  return keys.filter((k) => k in stats).map((k) => `${k} ${stats[k] === null ? 'none' : String(stats[k])}`).join(', ');
}
