// The `changes` check type: a CEL expression over the entity's change statistics (`stats`, see
// changeStats in dora.ts), e.g. `stats.failedAutomatedWithoutPostmortem == 0`, with the entity
// variables beside it. Pure: the statistics arrive through the `changes` context provider;
// without them the check is n/a (Tally holds no change data for the entity). The result says
// what the statistics it reads show and names the changes behind a failure (explain.ts).
import { z } from 'zod';
import { celFieldsRead, checkCelProblems, evaluateCheckCel, type CheckType, type Outcome } from '../../checks/index.ts';
import type { ChangeStats } from './dora.ts';
import { explainChangeStats } from './explain.ts';

export const changesCheckSchema = z.strictObject({
  type: z.literal('changes'),
  expr: z.string().trim().min(1).max(2000),
  /** Leads the message when the expression is false. */
  message: z.string().max(500).optional(),
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
    const stats = ctx.data.changes as ChangeStats | undefined;
    if (!stats) return { state: 'n/a', message: 'no change data for this entity' };
    const figures = summary(stats);
    const r = evaluateCheckCel(config.expr, env, ctx, STATS_TYPES, { stats });
    if (!r.ok) return { state: 'error', message: `could not evaluate the change statistics: ${r.message}`, evidence: { stats: figures } };
    const seen = explainChangeStats(stats, celFieldsRead(config.expr, 'stats'));
    const observed = seen?.observed ?? describe(figures);
    const message = r.value ? observed : config.message ? `${config.message}: ${observed}` : observed;
    return { state: r.value ? 'pass' : 'fail', message, evidence: { stats: figures, ...(seen?.objects?.length ? { objects: seen.objects } : {}) } };
  },
};

/** The numbers of the statistics (the lists of changes go to evidence.objects instead). */
function summary(stats: ChangeStats): Record<string, number | null> {
  const { withoutRevert: _w, failedWithoutPostmortem: _f, ...numbers } = stats;
  return numbers;
}

/** For expressions that read no statistic by name: the figures a reader needs next to the verdict. */
function describe(figures: Record<string, number | null>): string {
  const keys = ['deploysLast30d', 'changeFailureRate30d', 'failedAutomatedWithoutPostmortem', 'daysSinceLastChange'];
  return keys.filter((k) => k in figures).map((k) => `${k} ${figures[k] === null ? 'none' : String(figures[k])}`).join(', ');
}
