// Check type `expr`: a CEL expression over the entity and what Tally knows about it.
// true → pass, false → fail (with the requirement's `message` if given), anything else or a
// runtime error → error. An error never passes (DESIGN.md §5).
import { z } from 'zod';
import { celVariables, compileCel, describeCelError, type CompiledCel } from '../platform/cel/cel.ts';
import type { Problem } from '../platform/problems.ts';
import type { CheckType, Outcome } from './types.ts';

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
  return { state: 'error', message: `could not evaluate: expression returned ${describeValue(value)}, not a bool`, evidence };
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return `int ${v}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v).slice(0, 60)}`;
  return typeof v === 'object' ? (Array.isArray(v) ? 'a list' : 'a map') : `${typeof v} ${String(v)}`;
}

// Configs are long-lived (they belong to a parsed scorecard): cache by object, not by string.
// The pass and fail outcomes are shared objects too: outcomes are never mutated downstream,
// and this is the hot path (10k entities × 30 requirements), where allocations cost the most.
const PASS: Outcome = Object.freeze({ state: 'pass', message: 'expression is true' });
interface Prepared {
  compiled?: CompiledCel;
  problems: Problem[];
  fail: Outcome;
}
const byConfig = new WeakMap<ExprConfig, Prepared>();
function prepared(config: ExprConfig): Prepared {
  let c = byConfig.get(config);
  if (!c) {
    const fail: Outcome = Object.freeze({ state: 'fail', message: config.message ?? `expression is false: ${config.expr}` });
    byConfig.set(config, (c = { ...compileCel(config.expr, 'entity'), fail }));
  }
  return c;
}

export const exprCheck: CheckType<ExprConfig> = {
  type: 'expr',
  schema: exprConfigSchema,
  allowedFromApi: true,
  compile: (config) => compileCel(config.expr, 'entity').problems,
  evaluate(config, ctx) {
    const { compiled, problems, fail } = prepared(config);
    if (!compiled) return { state: 'error', message: `could not evaluate: ${problems[0]?.message ?? 'invalid expression'}` };
    let value: unknown;
    try {
      value = compiled.run(celVariables(ctx));
    } catch (err) {
      return { state: 'error', message: `could not evaluate: ${describeCelError(compiled.source, err)}` };
    }
    return value === true ? PASS : value === false ? fail : boolOutcome({ value }, fail.message);
  },
};
