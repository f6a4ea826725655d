// Check type `fact`: judges the latest fact of a name reported for the entity (by an
// application, a job or a facts file). Without `expr` the fact passes when its value is
// truthy-ish (`true`, or an object with `ok: true`); with `expr` the CEL expression decides,
// seeing `value` and `observedAt` besides the entity variables. `observedAt` is passed on so
// the scorer can mark the result `stale` against the requirement's freshness.
import { z } from 'zod';
import { celVariables, compileCel, evaluateCel } from '../platform/cel/cel.ts';
import { boolOutcome } from './expr.ts';
import type { CheckType, Outcome } from './types.ts';

export const factConfigSchema = z.strictObject({
  type: z.literal('fact'),
  fact: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a fact name: letters, digits, ".", "_", "-"').max(200),
  expr: z.string().min(1).max(4000).optional(),
  message: z.string().max(500).optional(),
});
export type FactConfig = z.infer<typeof factConfigSchema>;

export const factCheck: CheckType<FactConfig> = {
  type: 'fact',
  schema: factConfigSchema,
  allowedFromApi: true,
  compile: (config) => (config.expr ? compileCel(config.expr, 'fact').problems : []),
  evaluate(config, ctx): Outcome {
    const fact = ctx.facts[config.fact];
    if (!fact) return { state: 'fail', message: `no fact '${config.fact}' reported` };
    const evidence = { fact: config.fact, value: fact.value, observedAt: fact.observedAt };
    const failMessage = config.message ?? `fact '${config.fact}' does not meet ${config.expr ?? 'the requirement'}`;
    const outcome = config.expr ? withExpr(config.expr, ctx, fact, evidence, failMessage) : withoutExpr(fact.value, evidence, failMessage);
    return { ...outcome, observedAt: fact.observedAt };
  },
};

function withExpr(expr: string, ctx: Parameters<CheckType['evaluate']>[1], fact: { value: unknown; observedAt: string }, evidence: unknown, failMessage: string): Outcome {
  const { compiled, problems } = compileCel(expr, 'fact');
  if (!compiled) return { state: 'error', message: `could not evaluate: ${problems[0]?.message ?? 'invalid expression'}`, evidence };
  const vars = { ...celVariables(ctx), value: fact.value ?? null, observedAt: new Date(fact.observedAt) };
  const outcome = boolOutcome(evaluateCel(compiled, vars), failMessage, evidence);
  return outcome.state === 'pass' ? { ...outcome, message: `fact '${(evidence as { fact: string }).fact}' meets ${expr}` } : outcome;
}

function withoutExpr(value: unknown, evidence: unknown, failMessage: string): Outcome {
  const ok = value === true || (typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true);
  return ok ? { state: 'pass', message: 'fact reported ok', evidence } : { state: 'fail', message: failMessage, evidence };
}
