// The catalog's read model for other domains: the whole catalog in memory, parsed once per
// catalog generation and shared by every reader of this process (graph analysis, evaluations,
// the leaderboard, deploy decisions). The generation is read from the database each time, so a
// change made by another process is seen at the next read.
import type { Entity, Relation } from '../../common/catalog.ts';
import type { Db } from '../platform/db/connect.ts';
import { allEntities, allRelations, catalogGenerationRow } from './repository.ts';

export interface CatalogEntity {
  ref: string;
  entity: Entity;
  kind: string;
  name: string;
  type: string | null;
  owner: string | null;
  system: string | null;
  tier: number | null;
  /** The file it was read from (catalog sources), to resolve relative annotation paths. */
  file?: string;
}

export interface CatalogSnapshot {
  generation: string;
  entities: CatalogEntity[];
  relations: Relation[];
  byRef: ReadonlyMap<string, CatalogEntity>;
}

/** Changes whenever an entity is added, changed or removed. */
export async function catalogGeneration(db: Db): Promise<string> {
  const row = await catalogGenerationRow(db);
  return `${row.n}:${row.latest ?? ''}`;
}

const cache = new WeakMap<Db, CatalogSnapshot>();

export async function catalogSnapshot(db: Db): Promise<CatalogSnapshot> {
  const generation = await catalogGeneration(db);
  const cached = cache.get(db);
  if (cached && cached.generation === generation) return cached;
  const [rows, relations] = await Promise.all([allEntities(db), allRelations(db)]);
  const entities = rows.map(({ row, entity }) => ({ ref: row.ref, entity, kind: row.kind, name: row.name, type: row.type, owner: row.owner, system: row.system, tier: row.tier, file: row.file ?? undefined }));
  const snapshot = { generation, entities, relations, byRef: new Map(entities.map((e) => [e.ref, e])) };
  cache.set(db, snapshot);
  return snapshot;
}
