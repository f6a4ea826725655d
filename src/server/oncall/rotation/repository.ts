// The only SQL of rotations and overrides.
import type { Db } from '../../platform/db/connect.ts';
import type { OverrideRow, RotationRow } from '../tables.ts';

export const listRotationRows = (db: Db): Promise<RotationRow[]> => db.selectFrom('oncall_rotations').selectAll().orderBy('name').execute();

export async function rotationGeneration(db: Db): Promise<string> {
  const row = await db.selectFrom('oncall_rotations').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')]).executeTakeFirstOrThrow();
  return `${row.n}:${row.latest ?? ''}`;
}

/** Replaces every rotation of one origin with `rows`. */
export async function replaceRotationRows(db: Db, origin: string, rows: RotationRow[]): Promise<void> {
  await db.deleteFrom('oncall_rotations').where('origin', '=', origin).execute();
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('oncall_rotations').values(rows.slice(i, i + 200)).execute();
}

export async function upsertRotationRow(db: Db, row: RotationRow): Promise<void> {
  await db
    .insertInto('oncall_rotations')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet({ spec: row.spec, origin: row.origin, file: row.file, doc: row.doc, updated_at: row.updated_at }))
    .execute();
}

export async function deleteRotationRow(db: Db, name: string): Promise<number> {
  const r = await db.deleteFrom('oncall_rotations').where('name', '=', name).executeTakeFirst();
  await db.deleteFrom('oncall_overrides').where('rotation', '=', name).execute();
  return Number(r.numDeletedRows);
}

/** Overrides of a rotation that end after `from` and start before `to`. */
export function overridesBetween(db: Db, rotation: string, from: string, to: string): Promise<OverrideRow[]> {
  return db.selectFrom('oncall_overrides').selectAll().where('rotation', '=', rotation).where('ends_at', '>', from).where('starts_at', '<', to).orderBy('starts_at').execute();
}

export function allOverridesBetween(db: Db, from: string, to: string): Promise<OverrideRow[]> {
  return db.selectFrom('oncall_overrides').selectAll().where('ends_at', '>', from).where('starts_at', '<', to).orderBy('starts_at').execute();
}

export async function insertOverride(db: Db, row: OverrideRow): Promise<void> {
  await db.insertInto('oncall_overrides').values(row).execute();
}

export async function deleteOverride(db: Db, rotation: string, id: string): Promise<number> {
  const r = await db.deleteFrom('oncall_overrides').where('rotation', '=', rotation).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function overridesGeneration(db: Db): Promise<string> {
  const row = await db.selectFrom('oncall_overrides').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest'), eb.fn.max('id').as('id')]).executeTakeFirstOrThrow();
  return `${row.n}:${row.latest ?? ''}:${row.id ?? ''}`;
}

export const overridesEndingAfter = (db: Db, at: string): Promise<OverrideRow[]> => db.selectFrom('oncall_overrides').selectAll().where('ends_at', '>', at).orderBy('starts_at').execute();
