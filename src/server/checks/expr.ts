// Check type `expr`: a CEL expression over the entity and what Tally knows about it.
// true → pass, false → fail (with the requirement's `message` if given), anything else or a
// runtime error → error. An error never passes (DESIGN.md §5).
import { z } from 'zod';
import { compileCel, describeCelError, describeCelValue, type CelProgram } from '../platform/cel/cel.ts';
import type { Problem } from '../platform/problems.ts';
import { checkCelProblems } from './cel.ts';
import type { CheckEnv, CheckType, Outcome } from './types.ts';

export const exprConfigSchema = z.strictObject({
  type: z.literal('expr'),
  expr: z.string().min(1).max(4000),
  /** Shown when the expression is false. */
  message: z.string().max(500).optional(),
});
export type ExprConfig = z.infer<typeof exprConfigSchema>;

/** Turns a CEL result into an outcome: only a real `true` passes. */
export function boolOutcome(result: { value: unknown } | { error: string }, failMessage: string, evidence?: unknown): Outcome {
  if ('error' in result && result.error !== undefined) return { state: 'error', message: `could not evaluate: ${result.error}`, evidence };
  const value = (result as { value: unknown }).value;
  if (value === true) return { state: 'pass', message: 'expression is true', evidence };
  if (value === false) return { state: 'fail', message: failMessage, evidence };
  return { state: 'error', message: `could not evaluate: expression returned ${describeCelValue(value)}, not a bool`, evidence };
}

// Configs are long-lived (they belong to a parsed scorecard): cache by object, not by string.
// The pass and fail outcomes are shared objects too: outcomes are never mutated downstream,
// and this is the hot path (10k entities × 30 requirements), where allocations cost the most.
const PASS: Outcome = Object.freeze({ state: 'pass', message: 'expression is true' });
interface Prepared {
  env: CheckEnv;
  program?: CelProgram;
  problems: Problem[];
  fail: Outcome;
}
const byConfig = new WeakMap<ExprConfig, Prepared>();
function prepared(config: ExprConfig, env: CheckEnv): Prepared {
  let c = byConfig.get(config);
  if (!c || c.env !== env) {
    const fail: Outcome = Object.freeze({ state: 'fail', message: config.message ?? `expression is false: ${config.expr}` });
    byConfig.set(config, (c = { env, ...compileCel(config.expr, env.entityTypes, { bool: true }), fail }));
  }
  return c;
}

export const exprCheck: CheckType<ExprConfig> = {
  type: 'expr',
  schema: exprConfigSchema,
  allowedFromApi: true,
  compile: (config, env) => checkCelProblems(config.expr, env),
  reads: (config, env) => env.celReads(config.expr),
  evaluate(config, ctx, _observation, env) {
    const { program, problems, fail } = prepared(config, env);
    if (!program) return { state: 'error', message: `could not evaluate: ${problems[0]?.message ?? 'invalid expression'}` };
    let value: unknown;
    try {
      value = program.run(env.variables(ctx));
    } catch (err) {
      return { state: 'error', message: `could not evaluate: ${describeCelError(program.source, err)}` };
    }
    return value === true ? PASS : value === false ? fail : boolOutcome({ value }, fail.message);
  },
};
