// Check type `expr`: a CEL expression over the entity and what Tally knows about it.
// true → pass, false → fail, anything else or a runtime error → error. An error never passes
// (DESIGN.md §5).
//
// What the result says, so a report card never shows raw CEL (docs/scorecards.md):
// - `explain` (CEL, a string) says what was observed, on pass and on fail ("owned by team-a");
// - else the context providers the expression reads explain themselves (`graph.violations` →
//   "checkout → recommendations breaks tier-1-not-on-tier-3", with the edge in evidence.objects);
// - a fail starts with `message` when given: "<message>: <observed>".
import { z } from 'zod';
import { compileCel, describeCelValue, runCel, type CelProgram } from '../platform/cel/cel.ts';
import type { Problem } from '../platform/problems.ts';
import { checkCelProblems } from './cel.ts';
import type { CheckContext, CheckEnv, CheckType, Explanation, Outcome } from './types.ts';

export const exprConfigSchema = z.strictObject({
  type: z.literal('expr'),
  expr: z.string().min(1).max(4000),
  /** Shown when the expression is false. */
  message: z.string().max(500).optional(),
  /** CEL giving a string: what was observed, shown on pass and after `message` on fail (anything but a non-empty string is ignored). */
  explain: z.string().min(1).max(4000).optional(),
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
// Outcomes that name no object are frozen and shared by every entity with the same message:
// this is the hot path (10k entities × 30 requirements), where allocations cost the most.
const PASS: Outcome = Object.freeze({ state: 'pass', message: 'expression is true' });
interface Prepared {
  env: CheckEnv;
  program?: CelProgram;
  explain?: CelProgram;
  problems: Problem[];
  fail: Outcome;
  /** Shared outcomes by state and message. */
  shared: Map<string, Outcome>;
}
const byConfig = new WeakMap<ExprConfig, Prepared>();
function prepared(config: ExprConfig, env: CheckEnv): Prepared {
  let c = byConfig.get(config);
  if (!c || c.env !== env) {
    const fail: Outcome = Object.freeze({ state: 'fail', message: config.message ?? `expression is false: ${config.expr}` });
    const explain = config.explain ? compileCel(config.explain, env.entityTypes, { field: 'explain' }).program : undefined;
    byConfig.set(config, (c = { env, ...compileCel(config.expr, env.entityTypes, { bool: true }), explain, fail, shared: new Map() }));
  }
  return c;
}

/** What was observed: the check's own `explain`, else what the providers it reads say. */
function observe(config: ExprConfig, p: Prepared, ctx: CheckContext, env: CheckEnv): Explanation | undefined {
  const fromProviders = env.explain(ctx, config.expr);
  if (!p.explain) return fromProviders;
  const r = runCel(p.explain, env.variables(ctx));
  // A broken explanation never changes the verdict; it only falls back to the providers' words.
  if (r.error !== undefined || typeof r.value !== 'string' || r.value === '') return fromProviders;
  return { observed: r.value, objects: fromProviders?.objects };
}

function outcome(p: Prepared, config: ExprConfig, passed: boolean, seen: Explanation | undefined): Outcome {
  if (!seen) return passed ? PASS : p.fail;
  const message = passed ? seen.observed : config.message ? `${config.message}: ${seen.observed}` : seen.observed;
  if (seen.objects?.length) return { state: passed ? 'pass' : 'fail', message, evidence: { objects: seen.objects } };
  const key = `${passed ? 'p' : 'f'}${message}`;
  let o = p.shared.get(key);
  if (!o) {
    if (p.shared.size > 1000) p.shared.clear();
    p.shared.set(key, (o = Object.freeze({ state: passed ? 'pass' : 'fail', message })));
  }
  return o;
}

function compileExpr(config: ExprConfig, env: CheckEnv): Problem[] {
  const problems = checkCelProblems(config.expr, env);
  if (config.explain) {
    const c = compileCel(config.explain, env.entityTypes, { field: 'explain' });
    problems.push(...(c.program ? [] : c.problems));
  }
  return problems;
}

export const exprCheck: CheckType<ExprConfig> = {
  type: 'expr',
  schema: exprConfigSchema,
  allowedFromApi: true,
  compile: compileExpr,
  reads: (config, env) => [...new Set([...env.celReads(config.expr), ...(config.explain ? env.celReads(config.explain) : [])])],
  evaluate(config, ctx, _observation, env) {
    const p = prepared(config, env);
    if (!p.program) return { state: 'error', message: `could not evaluate: ${p.problems[0]?.message ?? 'invalid expression'}` };
    const ran = runCel(p.program, env.variables(ctx));
    if (ran.error !== undefined) return { state: 'error', message: ran.code === 'cost_limit' ? ran.error : `could not evaluate: ${ran.error}` };
    const value = ran.value;
    if (value !== true && value !== false) return boolOutcome({ value }, p.fail.message);
    return outcome(p, config, value, observe(config, p, ctx, env));
  },
};
