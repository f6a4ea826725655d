// Imports one source's entities in the caller's transaction: either every entity of the source is
// applied, or none is (a ref another source owns refuses the source). Idempotent: unchanged
// entities are not rewritten; entities that disappeared from the source leave with their relations.
import type { Entity } from '../../common/catalog.ts';
import type { Db } from '../platform/db/connect.ts';
import { problem, type Problem } from '../platform/problems.ts';
import { deriveRelations } from './relations.ts';
import { applyEntityDiff, refsOwnedElsewhere, sourceHashes } from './repository.ts';
import { entityToRow } from './rows.ts';
import type { EntityRow, RelationRow } from './tables.ts';
import type { LoadedEntity } from './types.ts';

export interface ImportCounts {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  problems: Problem[];
  rejected?: boolean;
}

export function relationRows(entity: Entity, ref: string): RelationRow[] {
  return deriveRelations([entity]).map((r) => ({ origin: ref, source_ref: r.source, type: r.type, target_ref: r.target }));
}

/** Applies `entities` as the whole content of `source`. */
export async function importEntities(db: Db, source: string, entities: readonly LoadedEntity[], now: Date): Promise<ImportCounts> {
  const at = now.toISOString();
  const rows = entities.map((l) => entityToRow(l.entity, { source, file: l.file, doc: l.doc, now: at }));
  const elsewhere = await refsOwnedElsewhere(db, source, rows.map((r) => r.ref));
  const problems: Problem[] = [];
  for (const l of entities) {
    const other = elsewhere.get(l.ref);
    if (other) problems.push(problem(`${l.ref} is already defined by source ${other}`, { file: l.file, doc: l.doc, field: 'metadata.name' }));
  }
  if (problems.length > 0) return { added: 0, updated: 0, removed: 0, unchanged: 0, problems, rejected: true };

  const before = await sourceHashes(db, source);
  const changed: EntityRow[] = rows.filter((r) => before.get(r.ref) !== r.hash);
  const keep = new Set(rows.map((r) => r.ref));
  const deleted = [...before.keys()].filter((ref) => !keep.has(ref));
  const byRef = new Map(entities.map((l) => [l.ref, l.entity]));
  const relations = changed.flatMap((r) => relationRows(byRef.get(r.ref)!, r.ref));
  await applyEntityDiff(db, { deleted, upserts: changed, relations });
  const added = changed.filter((r) => !before.has(r.ref)).length;
  return { added, updated: changed.length - added, removed: deleted.length, unchanged: rows.length - changed.length, problems };
}
