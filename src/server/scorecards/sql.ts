// Bulk SQL helpers for history writes: multi-row INSERTs and row-value IN lists built as
// plain parameterised text (Kysely's query builder spends more time building a 1,000-row
// insert than the database spends running it). Portable: `?` for SQLite, `$n` for PostgreSQL.
import { CompiledQuery } from 'kysely';
import type { Db } from '../db/connect.ts';

const dollarStyle = new WeakMap<Db, boolean>();

/** True when the driver wants `$1, $2…` placeholders (PostgreSQL), learned once from Kysely itself. */
function usesDollars(db: Db): boolean {
  let v = dollarStyle.get(db);
  if (v === undefined) {
    v = db.selectFrom('entities').select('ref').where('ref', '=', 'x').compile().sql.includes('$1');
    dollarStyle.set(db, v);
  }
  return v;
}

/** `(?, ?), (?, ?)` or `($1, $2), ($3, $4)` for `rows` tuples of `width`, numbering from `start`. */
function tuples(db: Db, rows: number, width: number, start = 0): string {
  const dollars = usesDollars(db);
  const parts: string[] = new Array(rows);
  let n = start;
  for (let r = 0; r < rows; r++) {
    const cells: string[] = new Array(width);
    for (let c = 0; c < width; c++) cells[c] = dollars ? `$${++n}` : '?';
    parts[r] = `(${cells.join(', ')})`;
  }
  return parts.join(', ');
}

const placeholder = (db: Db, i: number): string => (usesDollars(db) ? `$${i}` : '?');

/** Inserts `rows` (arrays in `columns` order) in chunks; column and table names are ours, never input. */
export async function insertRows(db: Db, table: string, columns: readonly string[], rows: readonly unknown[][], chunk = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const text = `insert into ${table} (${columns.join(', ')}) values ${tuples(db, part.length, columns.length)}`;
    await db.executeQuery(CompiledQuery.raw(text, part.flat()));
  }
}

/**
 * Runs `update|delete … where <fixed conditions> and (k1, k2) in (values …)` in chunks.
 * `head` holds the statement up to the IN list, with `fixed` as its leading parameters.
 */
export async function whereTuplesIn(db: Db, head: (p: (i: number) => string) => string, fixed: readonly unknown[], keyColumns: readonly string[], keys: readonly unknown[][], chunk = 500): Promise<number> {
  let affected = 0;
  for (let i = 0; i < keys.length; i += chunk) {
    const part = keys.slice(i, i + chunk);
    const cols = keyColumns.length === 1 ? keyColumns[0] : `(${keyColumns.join(', ')})`;
    const list = keyColumns.length === 1 ? `(${tuples(db, part.length, 1, fixed.length).replace(/[()]/g, '')})` : `(values ${tuples(db, part.length, keyColumns.length, fixed.length)})`;
    const text = `${head((n) => placeholder(db, n))} and ${cols} in ${list}`;
    const r = await db.executeQuery(CompiledQuery.raw(text, [...fixed, ...part.flat()]));
    affected += Number(r.numAffectedRows ?? 0);
  }
  return affected;
}
