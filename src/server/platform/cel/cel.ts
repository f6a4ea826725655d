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
//
// Limits (hostile expressions must not stall the process): besides the AST and depth limits at
// compile time, every run has a cost budget (`CEL_COST_LIMIT`): each evaluated node costs 1, and
// each list, map or string it produces costs its size — nested comprehensions and list-building
// expressions stop with `cost limit` in a few milliseconds. `matches` takes a literal RE2 pattern
// (checked at compile time with re2js), and V8 runs any regex that backtracks too much on its
// linear-time engine, so a backtracking pattern cannot stall either. (bin/compiled.js sets the same
// flags before it compiles the bundle, so the build's V8 code cache stays valid.)
import { setFlagsFromString } from 'node:v8';
import { Environment, ParseError } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';
import { problem, type Problem } from '../problems.ts';

setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
setFlagsFromString('--regexp-backtracks-before-fallback=10000');

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
/** Cost units one run may spend (≈ 5 ms of work): one per node evaluated, plus the size of each list, map or string made. */
export const CEL_COST_LIMIT = 100_000;
const CACHE_LIMIT = 10_000;

const envs = new Map<string, Environment>();

/** The budget left to the run in progress (runs are synchronous, so one counter serves all). */
let budget = Number.POSITIVE_INFINITY;

class CostLimit extends Error {
  readonly code = 'cost_limit';
  constructor() {
    super(`cost limit: the expression needs more than ${CEL_COST_LIMIT} steps (nested loops or a list that keeps growing?)`);
  }
}

/** What a thrown error costs, in units: making one (even without a stack) costs about as much as 20–50 nodes. */
const ERROR_COST = 50;
let charged = new WeakSet<object>();

/** Sizes already paid for: a comprehension returns its growing accumulator at each step, and pays only for the growth. */
let paid = new WeakMap<object, number>();

function sizeCost(v: unknown): number {
  if (typeof v === 'string') return v.length >> 4;
  const size = Array.isArray(v) ? v.length : v instanceof Map ? v.size : 0;
  if (size === 0) return 0;
  const before = paid.get(v as object) ?? 0;
  if (size > before) paid.set(v as object, size);
  return size - before;
}

type Evaluator = { run(ast: unknown, ctx: unknown): unknown };

/**
 * Meters the environment's evaluator: every node evaluation (the library's `run`, which every
 * operator, call and comprehension step goes through) spends from the budget.
 */
function meter(env: Environment): void {
  let ev: Evaluator | undefined;
  const capture = (self: Evaluator) => ((ev = self), true);
  env.registerFunction('__tallyEvaluator(): bool', function (this: Evaluator) {
    return capture(this);
  });
  env.evaluate('__tallyEvaluator()');
  if (!ev) throw new Error('CEL: the evaluator could not be metered');
  const run = ev.run;
  ev.run = function metered(ast, ctx) {
    if (--budget < 0) throw new CostLimit();
    let value: unknown;
    try {
      value = run.call(this, ast, ctx);
    } catch (err) {
      // An error costs more than a node (comprehensions absorb them and go on): charged once.
      if (err && typeof err === 'object' && !charged.has(err)) {
        charged.add(err);
        budget -= ERROR_COST;
      }
      throw err;
    }
    const size = sizeCost(value);
    if (size > 0 && (budget -= size) < 0) throw new CostLimit();
    return value;
  };
}
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
    meter(env);
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
  const regex = regexProblem(source, (fn as unknown as { ast: CelNode }).ast);
  if (regex) return { problems: [problem(`CEL ${regex}`, { field })] };
  const checked = fn.check();
  if (!checked.valid) return fail('type error', checked.error);
  if (opts.bool && checked.type !== 'bool' && checked.type !== 'dyn') {
    return { problems: [problem(`CEL expression must return bool, but returns ${checked.type}`, { field })] };
  }
  return { program: { source, run: fn }, problems: [] };
}

interface CelNode {
  op: string;
  args: unknown;
  start?: number;
}

/**
 * `matches` with a pattern that is not a literal, or not RE2 (CEL's regex dialect: no
 * backreferences, no lookaround), is refused: the pattern is known before any run.
 */
function regexProblem(source: string, root: CelNode): string | undefined {
  const at = (n: CelNode) => {
    const { line, column } = positionOf(source, n.start ?? 0);
    return ` (at line ${line}, column ${column})`;
  };
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    if (!n || typeof n !== 'object' || typeof (n as CelNode).op !== 'string') continue;
    const node = n as CelNode;
    const args = node.args;
    if (Array.isArray(args)) {
      stack.push(...args);
      const pattern = node.op === 'rcall' && args[0] === 'matches' ? (args[2] as CelNode[])?.[0] : node.op === 'call' && args[0] === 'matches' ? (args[1] as CelNode[])?.[1] : undefined;
      if (pattern === undefined) continue;
      if (pattern.op !== 'value' || typeof pattern.args !== 'string') return `matches needs a literal pattern (a string in quotes)${at(pattern)}`;
      try {
        RE2JS.compile(pattern.args);
        new RegExp(pattern.args);
      } catch (err) {
        return `invalid regular expression ${JSON.stringify(pattern.args)}: ${(err as Error).message} (RE2 syntax, no backreferences or lookaround)${at(pattern)}`;
      }
    }
  }
  return undefined;
}

/** Runs a program under the cost budget; runtime errors become `{ error, code }` with their position. Never throws. */
export function runCel(program: CelProgram, vars: Record<string, unknown>): { value: unknown; error?: undefined } | { error: string; code?: string } {
  const outer = budget;
  const stackLimit = Error.stackTraceLimit;
  budget = CEL_COST_LIMIT;
  paid = new WeakMap();
  charged = new WeakSet();
  // CEL's errors carry their position, not a stack: without one, making an error is cheap.
  Error.stackTraceLimit = 0;
  try {
    const value = program.run(vars);
    // A comprehension absorbs a step's error and goes on: an exhausted budget fails the run.
    if (budget < 0) return { error: new CostLimit().message, code: 'cost_limit' };
    return { value };
  } catch (err) {
    if (budget < 0 || err instanceof CostLimit) return { error: new CostLimit().message, code: 'cost_limit' };
    return { error: describeCelError(program.source, err), code: (err as { code?: string }).code };
  } finally {
    budget = outer;
    Error.stackTraceLimit = stackLimit;
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
