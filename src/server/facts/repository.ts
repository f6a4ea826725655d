// The only SQL of facts: the latest observation per entity and name.
import type { Db } from '../platform/db/connect.ts';
import type { Fact } from './facts.ts';
import type { FactRow } from './tables.ts';

const CHUNK = 500;

export async function factsByEntity(db: Db, entities?: readonly string[]): Promise<Map<string, Record<string, Fact>>> {
  const rows: Pick<FactRow, 'entity' | 'name' | 'value' | 'observed_at'>[] = [];
  const q = () => db.selectFrom('facts').select(['entity', 'name', 'value', 'observed_at']);
  if (!entities) rows.push(...(await q().execute()));
  else for (let i = 0; i < entities.length; i += CHUNK) rows.push(...(await q().where('entity', 'in', entities.slice(i, i + CHUNK)).execute()));
  const out = new Map<string, Record<string, Fact>>();
  for (const r of rows) {
    const facts = out.get(r.entity) ?? {};
    if (!out.has(r.entity)) out.set(r.entity, facts);
    facts[r.name] = { name: r.name, value: JSON.parse(r.value), observedAt: r.observed_at };
  }
  return out;
}

/** Keeps the newest observation per (entity, name): an older fact never replaces a newer one. Returns rows written. */
export async function upsertFacts(db: Db, rows: readonly FactRow[]): Promise<number> {
  let written = 0;
  for (const row of rows) {
    const r = await db
      .insertInto('facts')
      .values(row)
      .onConflict((oc) => oc.columns(['entity', 'name']).doUpdateSet({ value: row.value, observed_at: row.observed_at, received_at: row.received_at, source: row.source }).where('facts.observed_at', '<=', row.observed_at))
      .executeTakeFirst();
    written += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}
