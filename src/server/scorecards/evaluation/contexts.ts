// Builds the CheckContext of every entity from the catalog (owner group and its members, system,
// direct dependencies) and the context providers' values. Pure, so the server and
// `tally score --offline` share it; providers are the only way other domains' data gets in.
import type { Entity, Relation } from '../../../common/catalog.ts';
import { normalizeRef } from '../../../common/refs.ts';
import type { CatalogView, CheckContext } from '../../checks/index.ts';

export interface ContextInputs {
  catalog: CatalogView;
  /** Provider name → entity ref → value. */
  data: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** Providers that could not run (offline), with the reason. */
  unavailable?: Readonly<Record<string, string>>;
  now: Date;
  /** Build contexts only for these refs (all when absent). */
  only?: ReadonlySet<string>;
}

/** source ref → target refs, for one relation type. */
function relationIndex(relations: readonly Relation[], type: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of relations) {
    if (r.type !== type) continue;
    const list = out.get(r.source) ?? [];
    if (list.length === 0) out.set(r.source, list);
    if (!list.includes(r.target)) list.push(r.target);
  }
  for (const list of out.values()) list.sort();
  return out;
}

function refField(entity: Entity, field: 'owner' | 'system', defaultKind: string): string | undefined {
  const v = entity.spec?.[field];
  return typeof v === 'string' && v ? normalizeRef(v, { defaultKind, defaultNamespace: entity.metadata.namespace ?? 'default' }) : undefined;
}

export function buildContexts(inputs: ContextInputs): CheckContext[] {
  const byRef = new Map(inputs.catalog.entities.map((e) => [e.ref, e.entity]));
  const members = relationIndex(inputs.catalog.relations, 'hasMember');
  const dependsOn = relationIndex(inputs.catalog.relations, 'dependsOn');
  const providers = [...inputs.data];
  const unavailable = inputs.unavailable && Object.keys(inputs.unavailable).length ? inputs.unavailable : undefined;
  const out: CheckContext[] = [];
  for (const { ref, entity } of inputs.catalog.entities) {
    if (inputs.only && !inputs.only.has(ref)) continue;
    const ownerRef = refField(entity, 'owner', 'group');
    const data: Record<string, unknown> = {};
    for (const [name, values] of providers) {
      const v = values.get(ref);
      if (v !== undefined) data[name] = v;
    }
    out.push({
      ref,
      entity,
      owner: ownerRef ? { ref: ownerRef, entity: byRef.get(ownerRef), members: members.get(ownerRef) ?? [] } : undefined,
      system: refField(entity, 'system', 'system'),
      dependencies: dependsOn.get(ref) ?? [],
      data,
      ...(unavailable ? { unavailable } : {}),
      now: inputs.now,
    });
  }
  return out;
}
