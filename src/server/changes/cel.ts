// CEL plumbing shared by webhook mappings and the `changes` check: compile once with a
// position-bearing error, evaluate without throwing, and turn CEL values into JSON values.
import { Environment } from '@marcbachmann/cel-js';

export type CelProgram = (context: Record<string, unknown>) => unknown;
export type CelCompiled = { ok: true; program: CelProgram } | { ok: false; message: string };

/** Variables are declared `dyn` so JSON bodies of any shape can be read. */
export function celEnvironment(variables: readonly string[]): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false });
  for (const name of variables) env.registerVariable(name, 'dyn');
  return env;
}

/** Parses and type-checks `expr`; a failure names the line and column (1-based) at fault. */
export function compileCel(env: Environment, expr: string): CelCompiled {
  try {
    const program = env.parse(expr) as unknown as CelProgram & { check(): { valid: boolean; error?: CelError } };
    const checked = program.check();
    if (!checked.valid) return { ok: false, message: describeCelError(expr, checked.error) };
    return { ok: true, program };
  } catch (err) {
    return { ok: false, message: describeCelError(expr, err as CelError) };
  }
}

interface CelError {
  message?: string;
  summary?: string;
  range?: { start: number; end: number };
}

/** `CEL error at 1:15: Unexpected token: PLUS` — the first line of the library's message, with a position. */
export function describeCelError(expr: string, err: CelError | undefined): string {
  const summary = err?.summary ?? err?.message?.split('\n')[0] ?? String(err);
  const start = err?.range?.start;
  if (start === undefined) return `CEL error: ${summary}`;
  const before = expr.slice(0, start).split('\n');
  return `CEL error at ${before.length}:${before[before.length - 1].length + 1}: ${summary}`;
}

export type CelResult = { ok: true; value: unknown } | { ok: false; message: string; code?: string };

export function runCel(expr: string, program: CelProgram, context: Record<string, unknown>): CelResult {
  try {
    return { ok: true, value: fromCel(program(context)) };
  } catch (err) {
    return { ok: false, message: describeCelError(expr, err as CelError), code: (err as { code?: string }).code };
  }
}

/** CEL ints are BigInt, maps may be Map, timestamps Date: made plain JSON-like values. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), fromCel(v)]));
  if (Array.isArray(value)) return value.map(fromCel);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  }
  return value;
}

/** Integral numbers become CEL ints, so `stats.count == 0` holds as written. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}
