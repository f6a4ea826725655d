// CEL for check types: an expression about an entity, with the entity variables (env) plus the
// check's own (`value` of a fact, `status` of an HTTP probe, …). Compiled once per source.
import { celBool, compileCel, runCel, type CelTypes } from '../platform/cel/cel.ts';
import type { Problem } from '../platform/problems.ts';
import type { CheckContext, CheckEnv } from './types.ts';

const withExtra = new WeakMap<CelTypes, Map<string, CelTypes>>();

/** The entity variables plus `extra`, as one (cached) declaration. */
export function checkCelTypes(env: CheckEnv, extra: CelTypes = {}): CelTypes {
  const keys = Object.keys(extra);
  if (keys.length === 0) return env.entityTypes;
  let byExtra = withExtra.get(env.entityTypes);
  if (!byExtra) withExtra.set(env.entityTypes, (byExtra = new Map()));
  const key = keys.sort().map((k) => `${k}:${extra[k]}`).join(',');
  let types = byExtra.get(key);
  if (!types) byExtra.set(key, (types = Object.freeze({ ...env.entityTypes, ...extra })));
  return types;
}

/** Compile problems of a boolean check expression, naming `field` (relative to the check). */
export function checkCelProblems(source: string, env: CheckEnv, extra: CelTypes = {}, field = 'expr'): Problem[] {
  return compileCel(source, checkCelTypes(env, extra), { bool: true, field }).problems;
}

export type CheckCelResult = { ok: true; value: boolean } | { ok: false; message: string };

/** Evaluates a boolean check expression for one entity; anything but a bool is an error, never a pass. */
export function evaluateCheckCel(source: string, env: CheckEnv, ctx: CheckContext, extra: CelTypes = {}, extraVars: Record<string, unknown> = {}): CheckCelResult {
  const compiled = compileCel(source, checkCelTypes(env, extra), { bool: true });
  if (!compiled.program) return { ok: false, message: compiled.problems[0]?.message ?? 'invalid CEL expression' };
  const vars = Object.keys(extraVars).length ? { ...env.variables(ctx), ...extraVars } : env.variables(ctx);
  return celBool(runCel(compiled.program, vars));
}

const withoutStrings = (source: string) => source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');

/** The fields of `variable` an expression reads: `stats.deploysLast30d > 2 && stats.?x` → {deploysLast30d, x}. Text in strings is ignored. */
export function celFieldsRead(source: string, variable: string): Set<string> {
  const re = new RegExp(`(?:^|[^.\\w])${variable}\\s*\\.\\s*\\??\\s*(\\w+)`, 'g');
  return new Set([...withoutStrings(source).matchAll(re)].map((m) => m[1]));
}
