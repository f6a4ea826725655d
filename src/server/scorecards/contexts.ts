// Builds the CheckContext of every entity from what Tally knows: the catalog (owner group and
// its members, system, direct dependencies), the graph analysis, facts, attestations and
// change statistics. Pure, so the server and `tally score --offline` share it.
import type { Entity, Relation } from '../../common/catalog.ts';
import { normalizeRef } from '../../common/refs.ts';
import type { Attestation, CheckContext, Fact } from '../checks/types.ts';
import type { GraphAnalysis } from '../graph/snapshot.ts';

export interface ContextInputs {
  entities: readonly { ref: string; entity: Entity }[];
  relations: readonly Relation[];
  analysis: Pick<GraphAnalysis, 'cycles' | 'waves' | 'blocked' | 'violations'>;
  facts?: ReadonlyMap<string, Record<string, Fact>>;
  /** Per entity, keyed `scorecard/requirement`. */
  attestations?: ReadonlyMap<string, Record<string, Attestation>>;
  changes?: ReadonlyMap<string, Record<string, unknown>>;
  now: Date;
  /** Build contexts only for these refs (all when absent). */
  only?: ReadonlySet<string>;
}

type GraphFacts = CheckContext['graph'];

/** Per-ref graph facts, computed once for the whole catalog. */
function graphIndex(analysis: ContextInputs['analysis']): (ref: string) => GraphFacts {
  const cycleOf = new Map<string, string[]>();
  for (const c of analysis.cycles) for (const n of c.nodes) if (!cycleOf.has(n)) cycleOf.set(n, c.nodes);
  const waveOf = new Map<string, number>();
  analysis.waves.forEach((w, i) => w.forEach((n) => waveOf.set(n, i)));
  const blocked = new Set(analysis.blocked);
  const violations = new Map<string, GraphFacts['violations']>();
  for (const v of analysis.violations) {
    const list = violations.get(v.from) ?? [];
    if (list.length === 0) violations.set(v.from, list);
    list.push({ rule: v.rule, to: v.to, message: v.message });
  }
  return (ref) => {
    const cycle = cycleOf.get(ref);
    return { inCycle: !!cycle, cycle: cycle ?? [], blocked: blocked.has(ref), bootWave: waveOf.get(ref) ?? null, violations: violations.get(ref) ?? [] };
  };
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
  const byRef = new Map(inputs.entities.map((e) => [e.ref, e.entity]));
  const members = relationIndex(inputs.relations, 'hasMember');
  const dependsOn = relationIndex(inputs.relations, 'dependsOn');
  const graphOf = graphIndex(inputs.analysis);
  const out: CheckContext[] = [];
  for (const { ref, entity } of inputs.entities) {
    if (inputs.only && !inputs.only.has(ref)) continue;
    const ownerRef = refField(entity, 'owner', 'group');
    const ctx: CheckContext = {
      ref,
      entity,
      owner: ownerRef ? { ref: ownerRef, entity: byRef.get(ownerRef), members: members.get(ownerRef) ?? [] } : undefined,
      system: refField(entity, 'system', 'system'),
      dependencies: dependsOn.get(ref) ?? [],
      graph: graphOf(ref),
      facts: inputs.facts?.get(ref) ?? {},
      attestations: inputs.attestations?.get(ref),
      changes: inputs.changes?.get(ref),
      now: inputs.now,
    };
    out.push(ctx);
  }
  return out;
}
