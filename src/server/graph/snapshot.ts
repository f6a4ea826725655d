// The graph of the stored catalog, analysed once per catalog generation and reused until the
// catalog changes (the generation comes from the catalog's read model).
import type { Entity, Relation } from '../../common/catalog.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import { analyzeBoot } from './analysis.ts';
import { buildDependencyGraph } from './build.ts';
import { findViolations, type DependencyRule } from './rules.ts';
import type { BlockedReason, Cycle, DependencyGraph, Violation } from './types.ts';

export interface GraphAnalysis {
  generation: string;
  graph: DependencyGraph;
  entities: Entity[];
  relations: Relation[];
  cycles: Cycle[];
  waves: string[][];
  blocked: string[];
  reasons: BlockedReason[];
  violations: Violation[];
}

/** Pure: analyses entities + relations under the given rules. Used offline and by the server. */
export function analyzeCatalog(entities: Entity[], relations: readonly Relation[], rules: readonly DependencyRule[], generation = ''): GraphAnalysis {
  const graph = buildDependencyGraph(entities, relations as Relation[]);
  const boot = analyzeBoot(graph);
  return { generation, graph, entities, relations: relations as Relation[], cycles: boot.cycles, waves: boot.waves, blocked: boot.blocked, reasons: boot.reasons, violations: findViolations(graph, rules as DependencyRule[]) };
}

const cache = new WeakMap<Db, GraphAnalysis>();

export async function currentAnalysis(db: Db, rules: readonly DependencyRule[]): Promise<GraphAnalysis> {
  const snapshot = await catalogSnapshot(db);
  const cached = cache.get(db);
  if (cached && cached.generation === snapshot.generation) return cached;
  const analysis = analyzeCatalog(snapshot.entities.map((e) => e.entity), snapshot.relations, rules, snapshot.generation);
  cache.set(db, analysis);
  return analysis;
}
