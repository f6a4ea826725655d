// CEL for the http and prometheus checks. The shared cel.ts compiles for two fixed scopes
// (entity, fact); these checks need their own variables on top of the entity ones, so this
// file builds two more environments the same way (same options, same mixed int/double
// arithmetic) and reuses cel.ts for the entity variables and error messages.
import { Environment } from '@marcbachmann/cel-js';
import { celVariables, describeCelError, ENTITY_VARIABLES } from '../platform/cel/cel.ts';
import type { CheckContext } from './types.ts';
import { problem, type Problem } from '../platform/problems.ts';

// `value` is dyn, not double: a declared double refuses `value == 1` at type-check time.
export const CHECK_CEL_VARIABLES = {
  http: { body: 'dyn', status: 'int', headers: 'map<string, string>', latencyMs: 'int' },
  prometheus: { value: 'dyn', values: 'list<map<string, dyn>>', count: 'int' },
} as const;
export type CheckCelScope = keyof typeof CHECK_CEL_VARIABLES;

type Program = (vars: Record<string, unknown>) => unknown;
type Compiled = { ok: true; program: Program } | { ok: false; message: string };

const envs = new Map<CheckCelScope, Environment>();
const cache = new Map<string, Compiled>();

function envFor(scope: CheckCelScope): Environment {
  const hit = envs.get(scope);
  if (hit) return hit;
  const env = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: true, limits: { maxAstNodes: 2000, maxDepth: 50 } });
  for (const [name, type] of Object.entries({ ...ENTITY_VARIABLES, ...CHECK_CEL_VARIABLES[scope] })) env.registerVariable(name, type);
  const ops: Record<string, (a: number, b: number) => number> = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b };
  for (const [op, fn] of Object.entries(ops)) {
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => fn(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  envs.set(scope, env);
  return env;
}

function compile(source: string, scope: CheckCelScope): Compiled {
  const key = `${scope}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const env = envFor(scope);
  let compiled: Compiled;
  try {
    const program = env.parse(source) as unknown as Program;
    const checked = env.check(source);
    if (!checked.valid) compiled = { ok: false, message: `type error: ${describeCelError(source, checked.error)}` };
    else if (checked.type !== 'bool' && checked.type !== 'dyn') compiled = { ok: false, message: `expression must return bool, but returns ${checked.type}` };
    else compiled = { ok: true, program };
  } catch (err) {
    compiled = { ok: false, message: `syntax error: ${describeCelError(source, err)}` };
  }
  if (cache.size >= 10_000) cache.clear(); // bounds expressions sent through the API
  cache.set(key, compiled);
  return compiled;
}

/** Compile problems for `source`, with `field` relative to the check. */
export function celProblems(source: string, scope: CheckCelScope, field: string): Problem[] {
  const c = compile(source, scope);
  return c.ok ? [] : [problem(`CEL ${c.message}`, { field })];
}

export type CelBool = { ok: true; value: boolean } | { ok: false; message: string };

/** Evaluates `source` with the entity's variables plus `vars`; anything but a boolean is an error, never a pass. */
export function evaluateCelBool(source: string, scope: CheckCelScope, ctx: CheckContext, vars: Record<string, unknown>): CelBool {
  const c = compile(source, scope);
  if (!c.ok) return { ok: false, message: `CEL ${c.message}` };
  try {
    const value = c.program({ ...celVariables(ctx), ...vars });
    return typeof value === 'boolean' ? { ok: true, value } : { ok: false, message: `CEL expression gave ${typeof value === 'bigint' ? 'an int' : typeof value}, not a bool` };
  } catch (err) {
    return { ok: false, message: `CEL: ${describeCelError(source, err)}` };
  }
}
