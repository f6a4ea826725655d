// The one CEL of Tally (@marcbachmann/cel-js), for every expression a user writes: checks,
// selectors, webhook mappings, the changes check. One environment per set of declared
// variables (cached), the same AST and depth limits everywhere, one number model, one error
// text, one bounded cache of compiled programs.
//
// Numbers: CEL has `int` (JS BigInt here) and `double` (JS number). JSON data (entity fields,
// facts, change statistics, webhook bodies) arrives as JS numbers and so is `double`; Tally's
// own integers (`tier`) are `int`. Comparisons across int/double work (`value.count > 2`,
// `tier == 1`), and mixed arithmetic (`stats.deploysLast30d * 0.5`, `tier + 0.5`) is added
// here because plain CEL refuses it; the result is a double.
import { Environment, ParseError } from '@marcbachmann/cel-js';
import { problem, type Problem } from '../problems.ts';

/** Variable name → CEL type, e.g. `{ entity: 'map<string, dyn>', tier: 'int' }`. */
export type CelTypes = Readonly<Record<string, string>>;

export interface CelProgram {
  readonly source: string;
  /** Throws the library's errors; use runCel for a value-or-error result. */
  run(vars: Record<string, unknown>): unknown;
}

export interface CompileOptions {
  /** Refuse expressions whose static type is known and not bool (checks, conditions). */
  bool?: boolean;
  /** The field the problems name (relative to the caller's object); default `expr`. */
  field?: string;
}

export type Compiled = { program: CelProgram; problems: [] } | { program?: undefined; problems: Problem[] };

export const CEL_LIMITS = { maxAstNodes: 2000, maxDepth: 50 } as const;
const CACHE_LIMIT = 10_000;

const envs = new Map<string, Environment>();
const cache = new Map<string, Compiled>();

const typesKey = (types: CelTypes) =>
  Object.keys(types)
    .sort()
    .map((k) => `${k}:${types[k]}`)
    .join(',');

function environment(types: CelTypes): { key: string; env: Environment } {
  const key = typesKey(types);
  let env = envs.get(key);
  if (!env) {
    env = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: true, limits: CEL_LIMITS });
    for (const [name, type] of Object.entries(types)) env.registerVariable(name, type);
    const ops: Record<string, (a: number, b: number) => number> = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b };
    for (const [op, fn] of Object.entries(ops)) {
      env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => fn(a, Number(b)));
      env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => fn(Number(a), b));
    }
    envs.set(key, env);
  }
  return { key, env };
}

/**
 * Parses and type-checks once; the result (problems included) is cached by variables and
 * source. Problems name `opts.field` and say where in the expression the fault is.
 */
export function compileCel(source: string, types: CelTypes, opts: CompileOptions = {}): Compiled {
  const { key, env } = environment(types);
  const cacheKey = `${key}\u0000${opts.bool ? 'b' : ''}\u0000${opts.field ?? ''}\u0000${source}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const result = compileUncached(source, env, opts);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cacheKey, result);
  return result;
}

function compileUncached(source: string, env: Environment, opts: CompileOptions): Compiled {
  const field = opts.field ?? 'expr';
  const fail = (what: string, err: unknown): Compiled => ({ problems: [problem(`CEL ${what}: ${describeCelError(source, err)}`, { field })] });
  let fn: ((vars: Record<string, unknown>) => unknown) & { check(): { valid: boolean; type?: string; error?: unknown } };
  try {
    fn = env.parse(source) as unknown as typeof fn;
  } catch (err) {
    return fail(err instanceof ParseError ? 'syntax error' : 'error', err);
  }
  // Checking the parsed expression itself (not the source again) marks its tree as checked,
  // so runs skip the library's per-run type check.
  const checked = fn.check();
  if (!checked.valid) return fail('type error', checked.error);
  if (opts.bool && checked.type !== 'bool' && checked.type !== 'dyn') {
    return { problems: [problem(`CEL expression must return bool, but returns ${checked.type}`, { field })] };
  }
  return { program: { source, run: fn }, problems: [] };
}

/** Runs a program; runtime errors become `{ error, code }` with their position. Never throws. */
export function runCel(program: CelProgram, vars: Record<string, unknown>): { value: unknown; error?: undefined } | { error: string; code?: string } {
  try {
    return { value: program.run(vars) };
  } catch (err) {
    return { error: describeCelError(program.source, err), code: (err as { code?: string }).code };
  }
}

/** 1-based line and column of a 0-based offset in `source`. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, offset)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

interface CelErrorLike {
  summary?: string;
  message?: string;
  range?: { start: number; end: number };
}

/** `summary (at line 1, column 13)` — the library's one-line summary plus where it points. */
export function describeCelError(source: string, err: unknown): string {
  const e = (err ?? {}) as CelErrorLike;
  const summary = e.summary ?? (e.message ?? String(err)).split('\n')[0];
  if (!e.range) return summary;
  const { line, column } = positionOf(source, e.range.start);
  return `${summary} (at line ${line}, column ${column})`;
}

/** CEL values → JSON-like values: ints become numbers, timestamps ISO text, maps objects. */
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

/** A result that must be a bool: anything else is an error, never a pass. */
export function celBool(result: ReturnType<typeof runCel>): { ok: true; value: boolean } | { ok: false; message: string } {
  if (result.error !== undefined) return { ok: false, message: `CEL: ${result.error}` };
  const v = result.value;
  if (typeof v === 'boolean') return { ok: true, value: v };
  return { ok: false, message: `CEL expression gave ${describeCelValue(v)}, not a bool` };
}

export function describeCelValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return `int ${v}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v).slice(0, 60)}`;
  return typeof v === 'object' ? (Array.isArray(v) ? 'a list' : 'a map') : `${typeof v} ${String(v)}`;
}
