// Check type `fact`: judges the latest fact of a name reported for the entity (by an
// application, a job or a facts file). Without `expr` the fact passes when its value is
// truthy-ish (`true`, or an object with `ok: true`); with `expr` the CEL expression decides,
// seeing `value` and `observedAt` besides the entity variables. `observedAt` is passed on so
// the scorer can mark the result `stale` against the requirement's freshness.
import { z } from 'zod';
import { checkCelProblems, evaluateCheckCel, type CheckContext, type CheckEnv, type CheckType, type Outcome } from '../checks/index.ts';
import type { Fact } from './facts.ts';

export const factConfigSchema = z.strictObject({
  type: z.literal('fact'),
  fact: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a fact name: letters, digits, ".", "_", "-"').max(200),
  expr: z.string().min(1).max(4000).optional(),
  message: z.string().max(500).optional(),
});
export type FactConfig = z.infer<typeof factConfigSchema>;

/** What a fact's `expr` sees besides the entity variables. */
const FACT_CEL_TYPES = { value: 'dyn', observedAt: 'google.protobuf.Timestamp' } as const;

export const factCheck: CheckType<FactConfig> = {
  type: 'fact',
  schema: factConfigSchema,
  allowedFromApi: true,
  reads: (config, env) => ['facts', ...(config.expr ? env.celReads(config.expr) : [])],
  compile: (config, env) => (config.expr ? checkCelProblems(config.expr, env, FACT_CEL_TYPES) : []),
  evaluate(config, ctx, _observation, env): Outcome {
    const fact = (ctx.data.facts as Record<string, Fact> | undefined)?.[config.fact];
    if (!fact) return { state: 'fail', message: `no fact '${config.fact}' reported` };
    const evidence = { fact: config.fact, value: fact.value, observedAt: fact.observedAt };
    const failMessage = config.message ?? `fact '${config.fact}' does not meet ${config.expr ?? 'the requirement'}`;
    const outcome = config.expr ? withExpr(config.expr, env, ctx, fact, evidence, failMessage) : withoutExpr(fact.value, evidence, failMessage);
    return { ...outcome, observedAt: fact.observedAt };
  },
};

function withExpr(expr: string, env: CheckEnv, ctx: CheckContext, fact: Fact, evidence: { fact: string }, failMessage: string): Outcome {
  const r = evaluateCheckCel(expr, env, ctx, FACT_CEL_TYPES, { value: fact.value ?? null, observedAt: new Date(fact.observedAt) });
  if (!r.ok) return { state: 'error', message: `could not evaluate: ${r.message}`, evidence };
  return r.value ? { state: 'pass', message: `fact '${evidence.fact}' meets ${expr}`, evidence } : { state: 'fail', message: failMessage, evidence };
}

function withoutExpr(value: unknown, evidence: unknown, failMessage: string): Outcome {
  const ok = value === true || (typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true);
  return ok ? { state: 'pass', message: 'fact reported ok', evidence } : { state: 'fail', message: failMessage, evidence };
}
