// Revert attempts' SQL. One row per change: the primary key on change_id is what makes a
// revert run exactly once when ten people press the button at the same moment — only one
// INSERT wins; a failed attempt is re-claimed by one conditional UPDATE, also won once.
import type { Db } from '../../platform/db/connect.ts';
import type { RevertAttemptRow } from '../tables.ts';

export async function getRevertAttempt(db: Db, changeId: string): Promise<RevertAttemptRow | undefined> {
  return db.selectFrom('revert_attempts').selectAll().where('change_id', '=', changeId).executeTakeFirst();
}

/** Claims the first attempt; false when a row already exists (someone else claimed it). */
/** The revert attempts of these changes (those that have one). */
export async function revertAttemptsOf(db: Db, changeIds: readonly string[]): Promise<RevertAttemptRow[]> {
  const out: RevertAttemptRow[] = [];
  for (let i = 0; i < changeIds.length; i += 500) out.push(...(await db.selectFrom('revert_attempts').selectAll().where('change_id', 'in', changeIds.slice(i, i + 500)).execute()));
  return out;
}

export async function claimFirstRevert(db: Db, a: { changeId: string; by: string; reason: string; at: string }): Promise<boolean> {
  const rows = await db
    .insertInto('revert_attempts')
    .values({ change_id: a.changeId, state: 'claimed', attempts: 1, by: a.by, reason: a.reason, started_at: a.at, finished_at: null, response: null, revert_change_id: null })
    .onConflict((oc) => oc.column('change_id').doNothing())
    .returning('change_id')
    .execute();
  return rows.length === 1;
}

/**
 * Re-claims a failed attempt (or a claim abandoned before `staleBefore`, e.g. by a crashed
 * process). Exactly one concurrent caller gets true.
 */
export async function claimRetry(db: Db, a: { changeId: string; by: string; reason: string; at: string; staleBefore: string }): Promise<boolean> {
  const result = await db
    .updateTable('revert_attempts')
    .set((eb) => ({ state: 'claimed', attempts: eb('attempts', '+', 1), by: a.by, reason: a.reason, started_at: a.at, finished_at: null, response: null }))
    .where('change_id', '=', a.changeId)
    .where((eb) => eb.or([eb('state', '=', 'failed'), eb.and([eb('state', '=', 'claimed'), eb('started_at', '<', a.staleBefore)])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishRevert(db: Db, a: { changeId: string; state: 'succeeded' | 'failed'; at: string; response: unknown; revertChangeId?: string }): Promise<void> {
  await db
    .updateTable('revert_attempts')
    .set({ state: a.state, finished_at: a.at, response: JSON.stringify(a.response), revert_change_id: a.revertChangeId ?? null })
    .where('change_id', '=', a.changeId)
    .execute();
}
