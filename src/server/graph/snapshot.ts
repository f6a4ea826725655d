// The graph of the stored catalog, analysed once per catalog generation and reused until the
// catalog changes (any process may have changed it, so the generation is read from the database).
import type { Entity, Relation } from '../../common/catalog.ts';
import { allEntities, allRelations } from '../catalog/repository.ts';
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
export function analyzeCatalog(entities: Entity[], relations: Relation[], rules: DependencyRule[], generation = ''): GraphAnalysis {
  const graph = buildDependencyGraph(entities, relations);
  const boot = analyzeBoot(graph);
  return { generation, graph, entities, relations, cycles: boot.cycles, waves: boot.waves, blocked: boot.blocked, reasons: boot.reasons, violations: findViolations(graph, rules) };
}

export async function catalogGeneration(db: Db): Promise<string> {
  const row = await db
    .selectFrom('entities')
    .select([db.fn.countAll<number>().as('n'), db.fn.max('updated_at').as('latest')])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.latest ?? ''}`;
}

const cache = new WeakMap<Db, GraphAnalysis>();

export async function currentAnalysis(db: Db, rules: DependencyRule[]): Promise<GraphAnalysis> {
  const generation = await catalogGeneration(db);
  const cached = cache.get(db);
  if (cached && cached.generation === generation) return cached;
  const [rows, relations] = await Promise.all([allEntities(db), allRelations(db)]);
  const analysis = analyzeCatalog(rows.map((r) => r.entity), relations, rules, generation);
  cache.set(db, analysis);
  return analysis;
}
