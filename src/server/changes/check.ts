// The `changes` check type: a CEL expression over the entity's change statistics
// (`stats`, see changeStats in dora.ts), e.g. `stats.failedAutomatedWithoutPostmortem == 0`.
// Pure: the statistics arrive in `ctx.changes`, filled by the changes domain; without them
// the check is n/a (Tally holds no change data for the entity).
import { z } from 'zod';
import type { Problem } from '../platform/problems.ts';
import type { CheckContext, CheckType, Outcome } from '../checks/types.ts';
import { celEnvironment, compileCel, runCel, toCel, type CelCompiled } from './cel.ts';

export const changesCheckSchema = z.strictObject({
  type: z.literal('changes'),
  expr: z.string().trim().min(1).max(2000),
});
export type ChangesCheckConfig = z.infer<typeof changesCheckSchema>;

const env = celEnvironment(['stats']);
/** Compiled once per distinct expression: evaluate runs once per entity per grading. */
const compiledCache = new Map<string, CelCompiled>();

function compiled(expr: string): CelCompiled {
  let c = compiledCache.get(expr);
  if (!c) {
    c = compileCel(env, expr);
    if (compiledCache.size > 1000) compiledCache.clear();
    compiledCache.set(expr, c);
  }
  return c;
}

export const changesCheck: CheckType<ChangesCheckConfig> = {
  type: 'changes',
  schema: changesCheckSchema,
  allowedFromApi: true,
  compile(config): Problem[] {
    const c = compiled(config.expr);
    return c.ok ? [] : [{ severity: 'error', field: 'expr', message: c.message }];
  },
  evaluate(config, ctx: CheckContext): Outcome {
    const stats = ctx.changes;
    if (!stats) return { state: 'n/a', message: 'no change data for this entity' };
    const c = compiled(config.expr);
    if (!c.ok) return { state: 'error', message: `could not evaluate: ${c.message}`, evidence: { stats } };
    const result = runCel(config.expr, c.program, { stats: toCel(stats) });
    if (!result.ok) return { state: 'error', message: `could not evaluate ${config.expr}: ${result.message}`, evidence: { stats } };
    if (typeof result.value !== 'boolean') {
      return { state: 'error', message: `${config.expr} gave ${JSON.stringify(result.value)}, not true or false`, evidence: { stats } };
    }
    return { state: result.value ? 'pass' : 'fail', message: `${config.expr} is ${result.value} (${summarise(stats)})`, evidence: { stats } };
  },
};

/** The figures a reader needs next to the verdict. */
function summarise(stats: Record<string, unknown>): string {
  const keys = ['deploysLast30d', 'changeFailureRate30d', 'failedAutomatedWithoutPostmortem', 'daysSinceLastChange'];
  return keys.filter((k) => k in stats).map((k) => `${k} ${stats[k] === null ? 'none' : String(stats[k])}`).join(', ');
}
