// SQL for what evaluation reads besides the catalog: facts (latest per entity and name),
// attestations for manual checks, and waivers (only approved, unexpired ones count).
import type { Attestation, Fact } from '../checks/types.ts';
import type { Db } from '../platform/db/connect.ts';
import type { Waiver } from './scoring.ts';
import type { FactRow } from './tables.ts';

const CHUNK = 500;

async function byEntities<T>(entities: readonly string[] | undefined, run: (chunk?: string[]) => Promise<T[]>): Promise<T[]> {
  if (!entities) return run();
  const out: T[] = [];
  for (let i = 0; i < entities.length; i += CHUNK) out.push(...(await run(entities.slice(i, i + CHUNK))));
  return out;
}

export async function factsByEntity(db: Db, entities?: readonly string[]): Promise<Map<string, Record<string, Fact>>> {
  const rows = await byEntities(entities, (chunk) => {
    const q = db.selectFrom('facts').select(['entity', 'name', 'value', 'observed_at']);
    return (chunk ? q.where('entity', 'in', chunk) : q).execute();
  });
  const out = new Map<string, Record<string, Fact>>();
  for (const r of rows) {
    const facts = out.get(r.entity) ?? {};
    if (!out.has(r.entity)) out.set(r.entity, facts);
    facts[r.name] = { name: r.name, value: JSON.parse(r.value), observedAt: r.observed_at };
  }
  return out;
}

/** Keeps the newest observation per (entity, name): an older fact never replaces a newer one. */
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

export async function attestationsByEntity(db: Db, entities?: readonly string[]): Promise<Map<string, Record<string, Attestation>>> {
  const rows = await byEntities(entities, (chunk) => {
    const q = db.selectFrom('attestations').selectAll();
    return (chunk ? q.where('entity', 'in', chunk) : q).execute();
  });
  const out = new Map<string, Record<string, Attestation>>();
  for (const r of rows) {
    const m = out.get(r.entity) ?? {};
    if (!out.has(r.entity)) out.set(r.entity, m);
    m[`${r.scorecard}/${r.requirement}`] = { by: r.attested_by, at: r.attested_at, expiresAt: r.expires_at, passed: !!Number(r.passed), ...(r.note ? { note: r.note } : {}) };
  }
  return out;
}

/** Approved waivers that have not expired at `now`; an expired one stops counting by itself. */
export async function activeWaivers(db: Db, now: Date, scorecard?: string): Promise<Waiver[]> {
  let q = db.selectFrom('waivers').selectAll().where('status', '=', 'approved').where('expires_at', '>', now.toISOString());
  if (scorecard) q = q.where('scorecard', '=', scorecard);
  const rows = await q.execute();
  return rows.map((w) => ({ entityRef: w.entity, scorecard: w.scorecard, requirement: w.requirement, approved: true, expiresAt: w.expires_at, by: w.decided_by ?? undefined, reason: w.reason }));
}
