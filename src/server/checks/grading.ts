// The grading environment: the check types and context providers the modules declared, and the
// CEL variables every expression about an entity sees — the core ones below plus one per
// provider. Built once per process from the module list (host.ts); passed to whoever grades.
import type { Entity } from '../../common/catalog.ts';
import { normalizeRef } from '../../common/refs.ts';
import { readTier } from '../../common/tier.ts';
import type { CelTypes } from '../platform/cel/cel.ts';
import { celFieldsRead } from './cel.ts';
import type { CheckContext, CheckEnv, CheckType, ContextProvider, Explanation } from './types.ts';

/** The variables every entity has, whatever modules are loaded (docs/checks.md lists them). */
export const CORE_VARIABLES: Readonly<Record<string, { type: string; description: string }>> = {
  entity: { type: 'map<string, dyn>', description: "The catalog entity as written, with Backstage's optional fields defaulted (`entity.spec.owner` is `\"\"` when absent)." },
  ref: { type: 'string', description: 'The full entity reference, e.g. `component:default/checkout`.' },
  tier: { type: 'int', description: '`tally.dev/tier` (1, 2 or 3); 0 when absent or invalid.' },
  owner: { type: 'map<string, dyn>', description: 'The owning group: `ref`, `members` (user refs) and `entity` (null when it is not in the catalog).' },
  system: { type: 'string', description: 'The system ref, or `""`.' },
  dependencies: { type: 'list<string>', description: 'Refs of the direct `dependsOn` targets.' },
  now: { type: 'google.protobuf.Timestamp', description: 'The time of the evaluation.' },
};

export interface Grading extends CheckEnv {
  readonly checkTypes: ReadonlyMap<string, CheckType>;
  readonly providers: readonly ContextProvider[];
}

export function createGrading(checkTypes: readonly CheckType<any>[], providers: readonly ContextProvider<any>[]): Grading {
  const types = new Map<string, CheckType>();
  for (const t of checkTypes) {
    if (types.has(t.type)) throw new Error(`check type '${t.type}' is declared twice`);
    types.set(t.type, t as CheckType);
  }
  const entityTypes: Record<string, string> = Object.fromEntries(Object.entries(CORE_VARIABLES).map(([k, v]) => [k, v.type]));
  for (const p of providers) {
    if (entityTypes[p.name]) throw new Error(`CEL variable '${p.name}' is declared twice`);
    entityTypes[p.name] = p.celType;
  }
  const cache = new WeakMap<CheckContext, Record<string, unknown>>();
  const names = providers.map((p) => p.name);
  const celReads = (source: string) => {
    const code = withoutStrings(source);
    return names.filter((n) => new RegExp(`(^|[^.\\w])${n}\\b`).test(code));
  };
  const explainers = explainersFor(providers, celReads);
  return {
    checkTypes: types,
    providers,
    entityTypes: Object.freeze(entityTypes) as CelTypes,
    variables(ctx) {
      let vars = cache.get(ctx);
      if (!vars) cache.set(ctx, (vars = entityVariables(ctx, providers)));
      return vars;
    },
    celReads,
    explain(ctx, source) {
      const parts: Explanation[] = [];
      for (const { provider, fields } of explainers(source)) {
        const e = provider.explain!(ctx.data[provider.name] ?? provider.empty, fields, ctx);
        if (e) parts.push(e);
      }
      if (parts.length <= 1) return parts[0];
      return { observed: parts.map((p) => p.observed).join('; '), objects: parts.flatMap((p) => p.objects ?? []) };
    },
  };
}

const withoutStrings = (source: string) => source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');

/** For each expression (cached), the providers with explain() it reads and which of their fields (`graph.violations` → violations). */
function explainersFor(providers: readonly ContextProvider[], celReads: (source: string) => string[]) {
  const withExplain = new Map(providers.filter((p) => p.explain).map((p) => [p.name, p]));
  const bySource = new Map<string, { provider: ContextProvider; fields: ReadonlySet<string> }[]>();
  return (source: string) => {
    let found = bySource.get(source);
    if (!found) {
      found = celReads(source).flatMap((name) => {
        const provider = withExplain.get(name);
        return provider ? [{ provider, fields: celFieldsRead(source, name) }] : [];
      });
      if (bySource.size > 10_000) bySource.clear();
      bySource.set(source, found);
    }
    return found;
  };
}

/** Contexts are not mutated after they are built, so their variables are built once. */
function entityVariables(ctx: CheckContext, providers: readonly ContextProvider[]): Record<string, unknown> {
  const spec = ctx.entity.spec ?? {};
  const ownerRef = ctx.owner?.ref ?? (typeof spec.owner === 'string' ? (normalizeRef(spec.owner, { defaultKind: 'group' }) ?? '') : '');
  const vars: Record<string, unknown> = {
    entity: celEntity(ctx.entity),
    ref: ctx.ref,
    tier: BigInt(readTier(ctx.entity) ?? 0),
    owner: { ref: ownerRef, members: ctx.owner?.members ?? [], entity: ctx.owner?.entity ? celEntity(ctx.owner.entity) : null },
    system: ctx.system ?? '',
    dependencies: ctx.dependencies,
    now: ctx.now,
  };
  for (const p of providers) {
    const value = ctx.data[p.name] ?? p.empty;
    vars[p.name] = p.toCel ? p.toCel(value) : value;
  }
  return vars;
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
