// Imports one source atomically: either every entity of the source is applied, or none is and the
// last good catalog keeps serving. Idempotent: unchanged entities are not rewritten; entities that
// disappeared from the source leave the catalog with their relations.
import type { Entity } from '../../common/catalog.ts';
import type { Db } from '../platform/db/connect.ts';
import type { EntityRow, RelationRow } from '../platform/db/tables.ts';
import { errorsOnly, problem, type Problem } from '../platform/problems.ts';
import type { LoadedEntity } from './load.ts';
import { deriveRelations } from './relations.ts';
import { applyEntityDiff, recordImport, refsOwnedElsewhere, sourceHashes } from './repository.ts';
import { entityToRow } from './rows.ts';

export interface ImportOutcome {
  source: string;
  status: 'ok' | 'failed';
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  entityCount: number;
  problems: Problem[];
  durationMs: number;
}

export function relationRows(entity: Entity, ref: string): RelationRow[] {
  return deriveRelations([entity]).map((r) => ({ origin: ref, source_ref: r.source, type: r.type, target_ref: r.target }));
}

/** Applies `loaded` as the whole content of `source`. Problems with severity error abort the source. */
export async function importSource(
  db: Db,
  source: string,
  loaded: { entities: LoadedEntity[]; problems: Problem[] },
  now: Date,
): Promise<ImportOutcome> {
  const started = performance.now();
  const at = now.toISOString();
  const problems = [...loaded.problems];
  const rows = loaded.entities.map((l) => entityToRow(l.entity, { source, file: l.file, doc: l.doc, now: at }));
  const elsewhere = await refsOwnedElsewhere(db, source, rows.map((r) => r.ref));
  for (const l of loaded.entities) {
    const other = elsewhere.get(l.ref);
    if (other) problems.push(problem(`${l.ref} is already defined by source ${other}`, { file: l.file, doc: l.doc, field: 'metadata.name' }));
  }
  const base = { source, added: 0, updated: 0, removed: 0, unchanged: 0, entityCount: rows.length, problems };
  if (errorsOnly(problems).length > 0) return finish(db, { ...base, status: 'failed', durationMs: performance.now() - started }, now);

  const before = await sourceHashes(db, source);
  const changed: EntityRow[] = rows.filter((r) => before.get(r.ref) !== r.hash);
  const keep = new Set(rows.map((r) => r.ref));
  const deleted = [...before.keys()].filter((ref) => !keep.has(ref));
  const byRef = new Map(loaded.entities.map((l) => [l.ref, l.entity]));
  const relations = changed.flatMap((r) => relationRows(byRef.get(r.ref)!, r.ref));
  await db.transaction().execute((tx) => applyEntityDiff(tx, { deleted, upserts: changed, relations }));
  const added = changed.filter((r) => !before.has(r.ref)).length;
  const outcome = { ...base, status: 'ok' as const, added, updated: changed.length - added, removed: deleted.length, unchanged: rows.length - changed.length };
  return finish(db, { ...outcome, durationMs: performance.now() - started }, now);
}

async function finish(db: Db, o: ImportOutcome, now: Date): Promise<ImportOutcome> {
  await recordImport(db, {
    source: o.source,
    started_at: new Date(now.getTime()).toISOString(),
    finished_at: new Date(now.getTime() + o.durationMs).toISOString(),
    status: o.status,
    entity_count: o.entityCount,
    duration_ms: Math.round(o.durationMs),
    problems: JSON.stringify(o.problems),
  });
  return o;
}
