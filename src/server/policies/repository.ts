// The only SQL of the policies domain: stored policies, break-glass overrides, the decision log,
// and the current grade a decision reads.
import { insertRows } from '../platform/db/bulk.ts';
import type { Db } from '../platform/db/connect.ts';
import type { DeployDecisionRow, DeployOverrideRow, PolicyRow } from './tables.ts';

export async function listPolicyRows(db: Db): Promise<PolicyRow[]> {
  return db.selectFrom('policies').selectAll().orderBy('name').execute();
}

/** Replaces every policy of `source` with `rows`; call inside a transaction. */
export async function replacePolicyRows(db: Db, source: string, rows: PolicyRow[]): Promise<void> {
  await db.deleteFrom('policies').where('source', '=', source).execute();
  if (rows.length > 0) await db.insertInto('policies').values(rows).execute();
}

export async function upsertPolicyRow(db: Db, row: PolicyRow): Promise<void> {
  await db.insertInto('policies').values(row).onConflict((oc) => oc.column('name').doUpdateSet({ ...row })).execute();
}

export async function insertOverride(db: Db, row: DeployOverrideRow): Promise<void> {
  await db.insertInto('deploy_overrides').values(row).execute();
}

export async function countOverrideUse(db: Db, id: string): Promise<void> {
  await db.updateTable('deploy_overrides').set((eb) => ({ used_count: eb('used_count', '+', 1) })).where('id', '=', id).execute();
}

/** Inserts in chunks of 50, yielding between them: on SQLite an insert blocks the event loop. */
const DECISION_COLUMNS = ['id', 'entity', 'at', 'decided_at', 'allowed', 'grade', 'rule', 'reason', 'override_id', 'caller'] as const;

/** Inserts log rows in small JSON batches, yielding between them: on SQLite every write blocks the event loop. */
export async function insertDecisions(db: Db, rows: DeployDecisionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    const part = rows.slice(i, i + 100).map((r) => DECISION_COLUMNS.map((c) => r[c]));
    await insertRows(db, 'deploy_decisions', DECISION_COLUMNS, part, { types: { allowed: 'integer' } });
  }
}

export interface DecisionTally {
  entity: string;
  owner: string | null;
  decisions: number;
  denials: number;
  breakGlass: number;
}

/** Decisions per entity answered in [from, to). */
export async function decisionTallies(db: Db, from: string, to: string): Promise<Omit<DecisionTally, 'owner'>[]> {
  const rows = await db
    .selectFrom('deploy_decisions as d')
    .select((eb) => [
      'd.entity as entity',
      eb.fn.countAll<number>().as('decisions'),
      eb.fn.sum<number>(eb.case().when('d.allowed', '=', 0).then(1).else(0).end()).as('denials'),
      eb.fn.sum<number>(eb.case().when('d.override_id', 'is not', null).then(1).else(0).end()).as('breakGlass'),
    ])
    .where('d.decided_at', '>=', from)
    .where('d.decided_at', '<', to)
    .groupBy('d.entity')
    .orderBy('d.entity')
    .execute();
  return rows.map((r) => ({ entity: r.entity, decisions: Number(r.decisions), denials: Number(r.denials), breakGlass: Number(r.breakGlass) }));
}

export async function overridesCreated(db: Db, from: string, to: string): Promise<DeployOverrideRow[]> {
  return db.selectFrom('deploy_overrides').selectAll().where('created_at', '>=', from).where('created_at', '<', to).orderBy('created_at').execute();
}

/** Overrides expiring after `after`, oldest first (so the newest per entity wins in a map). */
export async function overridesExpiringAfter(db: Db, after: string): Promise<DeployOverrideRow[]> {
  return db.selectFrom('deploy_overrides').selectAll().where('expires_at', '>', after).orderBy('created_at').execute();
}

/** Deletes logged decisions decided before `before`; returns how many. */
export async function deleteDecisionsBefore(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('deploy_decisions').where('decided_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
