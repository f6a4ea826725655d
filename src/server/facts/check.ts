// Check type `fact`: judges the latest fact of a name reported for the entity (by an
// application, a job or a facts file). Without `expr` the fact passes when its value is
// truthy-ish (`true`, or an object with `ok: true`); with `expr` the CEL expression decides,
// seeing `value` and `observedAt` besides the entity variables. `observedAt` is passed on so
// the scorer can mark the result `stale` against the requirement's freshness. Messages name the
// fact, when it was observed and what it said — never the expression (docs/scorecards.md).
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
    const passed = config.expr ? withExpr(config.expr, env, ctx, fact) : isOk(fact.value);
    if (typeof passed === 'string') return { state: 'error', message: `could not evaluate: ${passed}`, evidence, observedAt: fact.observedAt };
    const seen = observed(config.fact, fact);
    const message = passed ? seen : `${config.message ?? `'${config.fact}' does not meet the requirement`}: ${seen}`;
    return { state: passed ? 'pass' : 'fail', message, evidence, observedAt: fact.observedAt };
  },
};

/** The expression's verdict, or why it could not give one. */
function withExpr(expr: string, env: CheckEnv, ctx: CheckContext, fact: Fact): boolean | string {
  const r = evaluateCheckCel(expr, env, ctx, FACT_CEL_TYPES, { value: fact.value ?? null, observedAt: new Date(fact.observedAt) });
  return r.ok ? r.value : r.message;
}

const isOk = (value: unknown): boolean => value === true || (typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true);

/** `backup-restored reported on 2026-11-29: ok false, error "restore stopped…"` */
export function observed(name: string, fact: Fact): string {
  const value = describeValue(fact.value);
  return `${name} reported on ${fact.observedAt.slice(0, 10)}${value ? `: ${value}` : ''}`;
}

/** A short, readable form of a fact's value: scalars as they are, an object's first scalar fields. */
function describeValue(value: unknown): string {
  const scalar = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v) : String(v));
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return scalar(value);
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  const fields = Object.entries(value).filter(([, v]) => v === null || typeof v !== 'object');
  return fields.slice(0, 4).map(([k, v]) => `${k} ${scalar(v)}`).join(', ');
}
