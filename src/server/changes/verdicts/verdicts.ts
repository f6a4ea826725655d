// What other domains tell the change database about outcomes. An incident that names a change as
// its cause sets the change's verdict to `failed`: DORA's change failure rate counts it like a
// failed or reverted deploy. An incident's restore (impact start → resolved) per affected entity
// is DORA's time to restore. Both are written in the caller's transaction; drills never call.
import type { Db } from '../../platform/db/connect.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { getChangeRow } from '../repository.ts';
import { deleteVerdict, replaceRestores, upsertVerdict, verdictsOf } from './repository.ts';

/** The one verdict there is: the change caused an incident (its failure counts in DORA). */
export const FAILED_VERDICT = 'failed';

export async function setChangeVerdict(db: Db, v: { changeId: string; incident: string; by: string }, now: Date): Promise<void> {
  if (!(await getChangeRow(db, v.changeId))) throw new NotFoundError(`no change with id ${v.changeId}`);
  await upsertVerdict(db, { changeId: v.changeId, verdict: FAILED_VERDICT, incident: v.incident, by: v.by, at: now.toISOString() });
}

/** Takes a verdict back (the change was not the cause after all); false when there was none. */
export async function clearChangeVerdict(db: Db, changeId: string): Promise<boolean> {
  return (await deleteVerdict(db, changeId)) > 0;
}

/**
 * Records (or, with `restoredAt` null, forgets) when `entities` were restored after a failure
 * that began at `startedAt`. Idempotent per incident: the latest call wins.
 */
export async function recordRestore(db: Db, r: { incident: string; entities: readonly string[]; startedAt: string; restoredAt: string | null }): Promise<void> {
  const rows = r.restoredAt ? [...new Set(r.entities)].map((entity) => ({ entity, started_at: r.startedAt, restored_at: r.restoredAt! })) : [];
  await replaceRestores(db, r.incident, rows);
}

/** change id → its verdict, for the changes that have one. */
export function changeVerdicts(db: Db, changeIds: readonly string[]) {
  return verdictsOf(db, changeIds);
}
