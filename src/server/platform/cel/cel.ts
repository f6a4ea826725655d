// The one place Tally compiles and evaluates CEL (@marcbachmann/cel-js). Expressions are
// parsed and type-checked once (cached by source), then run against a per-entity variable
// object that is built once per CheckContext and shared by every requirement of every
// scorecard — that is what keeps 10k services × 30 expressions well under a second.
//
// Numbers: CEL has `int` (JS BigInt here) and `double` (JS number). JSON data (entity fields,
// fact values) arrives as JS numbers and so is `double`; Tally's own integers (`tier`,
// `graph.bootWave`) are `int`. Comparisons across int/double work (`value.count > 2`,
// `tier == 1`), and Tally adds mixed int/double arithmetic (`value.count + 1`) that plain
// CEL refuses; the result is a double.
import { Environment, ParseError } from '@marcbachmann/cel-js';
import type { Entity } from '../../../common/catalog.ts';
import { ANNOTATIONS } from '../../../common/catalog.ts';
import { normalizeRef } from '../../../common/refs.ts';
import type { Problem } from '../problems.ts';
import type { CheckContext } from '../../checks/types.ts';

/** Variables of `expr` checks (and of every other CEL expression about an entity). */
export const ENTITY_VARIABLES = {
  entity: 'map<string, dyn>',
  ref: 'string',
  tier: 'int',
  owner: 'map<string, dyn>',
  system: 'string',
  dependencies: 'list<string>',
  graph: 'map<string, dyn>',
  facts: 'map<string, dyn>',
  now: 'google.protobuf.Timestamp',
} as const;

/** `fact` checks see the entity variables plus the fact being judged. */
export const FACT_VARIABLES = { ...ENTITY_VARIABLES, value: 'dyn', observedAt: 'google.protobuf.Timestamp' } as const;

/** A named set of variables: 'entity' or 'fact'. */
export type CelScope = string;

const scopes = new Map<CelScope, Record<string, string>>([
  ['entity', ENTITY_VARIABLES],
  ['fact', FACT_VARIABLES],
]);


export interface CompiledCel {
  source: string;
  scope: CelScope;
  /** Throws the library's errors; use evaluateCel for a value-or-error result. */
  run(vars: Record<string, unknown>): unknown;
}

const envs = new Map<CelScope, Environment>();

function buildEnv(vars: Record<string, string>): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: true, limits: { maxAstNodes: 2000, maxDepth: 50 } });
  for (const [name, type] of Object.entries(vars)) env.registerVariable(name, type);
  const ops: Record<string, (a: number, b: number) => number> = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b };
  for (const [op, fn] of Object.entries(ops)) {
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => fn(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  return env;
}

function envFor(scope: CelScope): Environment {
  let env = envs.get(scope);
  if (!env) {
    const vars = scopes.get(scope);
    if (!vars) throw new Error(`unknown CEL scope '${scope}'`);
    env = buildEnv(vars);
    envs.set(scope, env);
  }
  return env;
}

/** 1-based line and column of a 0-based offset in `source`. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
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

const cache = new Map<string, { compiled?: CompiledCel; problems: Problem[] }>();
const CACHE_LIMIT = 10_000;

/**
 * Parses and type-checks once; the result (including problems) is cached by scope+source.
 * Problems carry `field: 'expr'` (relative to the check) and a line/column in the message.
 * An expression whose static type is known and not bool is refused.
 */
export function compileCel(source: string, scope: CelScope = 'entity'): { compiled?: CompiledCel; problems: Problem[] } {
  const key = `${scope}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = compileUncached(source, scope);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

function compileUncached(source: string, scope: CelScope): { compiled?: CompiledCel; problems: Problem[] } {
  const env = envFor(scope);
  const fail = (what: string, err: unknown) => ({ problems: [{ severity: 'error' as const, field: 'expr', message: `CEL ${what}: ${describeCelError(source, err)}` }] });
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
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    return { problems: [{ severity: 'error', field: 'expr', message: `CEL expression must return bool, but returns ${checked.type}` }] };
  }
  return { compiled: { source, scope, run: fn }, problems: [] };
}

/** Runs a compiled expression; runtime errors become `{ error }` with their position. Never throws. */
export function evaluateCel(compiled: CompiledCel, vars: Record<string, unknown>): { value: unknown; error?: undefined } | { error: string } {
  try {
    return { value: compiled.run(vars) };
  } catch (err) {
    return { error: describeCelError(compiled.source, err) };
  }
}

const varsCache = new WeakMap<CheckContext, Record<string, unknown>>();

/**
 * The CEL variables for one entity, built once per context object (cached; contexts are
 * not mutated after they are built). See ENTITY_VARIABLES and docs/scorecards.md.
 */
export function celVariables(ctx: CheckContext): Record<string, unknown> {
  let vars = varsCache.get(ctx);
  if (vars) return vars;
  const spec = ctx.entity.spec ?? {};
  const ownerRef = ctx.owner?.ref ?? (typeof spec.owner === 'string' ? (normalizeRef(spec.owner, { defaultKind: 'group' }) ?? '') : '');
  vars = {
    entity: celEntity(ctx.entity),
    ref: ctx.ref,
    tier: tierOf(ctx.entity),
    owner: { ref: ownerRef, members: ctx.owner?.members ?? [], entity: ctx.owner?.entity ? celEntity(ctx.owner.entity) : null },
    system: ctx.system ?? '',
    dependencies: ctx.dependencies,
    graph: { ...ctx.graph, bootWave: ctx.graph.bootWave === null ? null : BigInt(ctx.graph.bootWave) },
    facts: celFacts(ctx),
    now: ctx.now,
  };
  varsCache.set(ctx, vars);
  return vars;
}

/** The entity's tier annotation as an int; 0 when absent or not an integer. */
export function tierOf(entity: Entity): bigint {
  const raw = entity.metadata.annotations?.[ANNOTATIONS.tier];
  return raw !== undefined && /^\s*\d+\s*$/.test(raw) ? BigInt(raw.trim()) : 0n;
}

/** The entity with Backstage's well-known optional fields defaulted, so `entity.spec.owner != ""` fails instead of erroring. */
export function celEntity(entity: Entity): Record<string, unknown> {
  const m = entity.metadata;
  const spec = entity.spec ?? {};
  return {
    ...entity,
    metadata: { namespace: 'default', title: '', description: '', labels: {}, annotations: {}, tags: [], links: [], ...m },
    spec: { type: '', lifecycle: '', owner: '', system: '', dependsOn: [], ...spec },
  };
}

function celFacts(ctx: CheckContext): Record<string, { value: unknown; observedAt: Date }> {
  const out: Record<string, { value: unknown; observedAt: Date }> = {};
  for (const [name, f] of Object.entries(ctx.facts)) out[name] = { value: f.value ?? null, observedAt: new Date(f.observedAt) };
  return out;
}
