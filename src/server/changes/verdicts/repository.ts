// The SQL of verdicts and restores (migration 0010_change_verdicts).
import type { Db } from '../../platform/db/connect.ts';

const IN_CHUNK = 500;

export async function upsertVerdict(db: Db, v: { changeId: string; verdict: string; incident: string | null; by: string; at: string }): Promise<void> {
  await db
    .insertInto('change_verdicts')
    .values({ change_id: v.changeId, verdict: v.verdict, incident: v.incident, by: v.by, at: v.at })
    .onConflict((oc) => oc.column('change_id').doUpdateSet({ verdict: v.verdict, incident: v.incident, by: v.by, at: v.at }))
    .execute();
}

export async function deleteVerdict(db: Db, changeId: string): Promise<number> {
  const r = await db.deleteFrom('change_verdicts').where('change_id', '=', changeId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** change id → verdict, for the given ids. */
export async function verdictsOf(db: Db, ids: readonly string[]): Promise<Map<string, { verdict: string; incident: string | null; by: string; at: string }>> {
  const out = new Map<string, { verdict: string; incident: string | null; by: string; at: string }>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const rows = await db.selectFrom('change_verdicts').selectAll().where('change_id', 'in', ids.slice(i, i + IN_CHUNK)).execute();
    for (const r of rows) out.set(r.change_id, { verdict: r.verdict, incident: r.incident, by: r.by, at: r.at });
  }
  return out;
}

export async function replaceRestores(db: Db, incident: string, rows: { entity: string; started_at: string; restored_at: string }[]): Promise<void> {
  await db.deleteFrom('change_restores').where('incident', '=', incident).execute();
  if (rows.length) await db.insertInto('change_restores').values(rows.map((r) => ({ incident, ...r }))).execute();
}

/** Restores of any of `refs` whose failure started in [from, to). */
export async function restoresOf(db: Db, refs: readonly string[], from: string, to: string): Promise<{ incident: string; entity: string; started_at: string; restored_at: string }[]> {
  const out: { incident: string; entity: string; started_at: string; restored_at: string }[] = [];
  for (let i = 0; i < refs.length; i += IN_CHUNK) {
    out.push(...(await db.selectFrom('change_restores').selectAll().where('entity', 'in', refs.slice(i, i + IN_CHUNK)).where('started_at', '>=', from).where('started_at', '<', to).execute()));
  }
  return out;
}
