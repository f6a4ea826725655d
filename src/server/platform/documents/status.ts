// The last refresh of each source and document kind (table catalog_imports): what /status
// shows, and what every process reads, so a problem found by one process is seen by all.
import type { Db } from '../db/connect.ts';
import type { SourceStatusRow } from '../db/tables.ts';
import type { Problem } from '../problems.ts';

export async function recordSourceStatus(db: Db, row: SourceStatusRow): Promise<void> {
  await db.insertInto('catalog_imports').values(row).onConflict((oc) => oc.column('source').doUpdateSet({ ...row })).execute();
}

export async function listSourceStatus(db: Db): Promise<SourceStatusRow[]> {
  return db.selectFrom('catalog_imports').selectAll().orderBy('source').execute();
}

export async function forgetSourceStatus(db: Db, keep: readonly string[]): Promise<void> {
  let q = db.deleteFrom('catalog_imports');
  if (keep.length) q = q.where('source', 'not in', keep);
  await q.execute();
}

export function statusRow(source: string, r: { started: Date; finished: Date; ok: boolean; count: number; problems: readonly Problem[] }): SourceStatusRow {
  return {
    source,
    started_at: r.started.toISOString(),
    finished_at: r.finished.toISOString(),
    status: r.ok ? 'ok' : 'failed',
    entity_count: r.count,
    duration_ms: Math.max(0, r.finished.getTime() - r.started.getTime()),
    problems: JSON.stringify(r.problems),
  };
}

/** The last refresh of one source or kind, with its problems. */
export async function sourceStatus(db: Db, source: string): Promise<{ status: string | null; at: string | null; problems: Problem[] }> {
  const row = await db.selectFrom('catalog_imports').selectAll().where('source', '=', source).executeTakeFirst();
  return { status: row?.status ?? null, at: row?.finished_at ?? null, problems: row ? (JSON.parse(row.problems) as Problem[]) : [] };
}
