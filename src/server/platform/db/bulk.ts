// Bulk SQL helpers for hot write paths (history, the deploy decision log): JSON-array INSERTs and row-value IN lists built as
// plain parameterised text (Kysely's query builder spends more time building a 1,000-row
// insert than the database spends running it). Both engines: `?` and json_each for SQLite,
// `$n` and json_array_elements for PostgreSQL.
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Db } from './connect.ts';

/** True when the driver wants `$1, $2…` placeholders (PostgreSQL). */
const usesDollars = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

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

export interface InsertOptions {
  /** Columns with one value for every row, sent once instead of once per row. */
  constants?: Readonly<Record<string, unknown>>;
  /** SQL types to cast columns to (values arrive as JSON, so PostgreSQL reads them as text). */
  types?: Readonly<Record<string, string>>;
  /** Appended after the rows, e.g. `on conflict (k) do update set …`. */
  onConflict?: string;
  /** A RETURNING list, e.g. `id`: the rows it returns are the result (those a conflict skipped are not). */
  returning?: string;
  chunk?: number;
}

/**
 * Inserts `rows` (arrays in `columns` order) as `insert … select … from <JSON array>`: each
 * chunk of rows travels as one JSON text parameter, unpacked by the database (json_each on
 * SQLite, json_array_elements on PostgreSQL). On SQLite this is faster than multi-row VALUES
 * (no statement with thousands of placeholders to parse and bind) and than a statement per
 * row through the driver. Column and table names are ours, never input.
 */
export async function insertRows<R = Record<string, unknown>>(db: Db, table: string, columns: readonly string[], rows: readonly unknown[][], opts: InsertOptions = {}): Promise<R[]> {
  if (rows.length === 0) return [];
  const pg = usesDollars(db);
  const constants = Object.entries(opts.constants ?? {});
  const cast = (column: string, expr: string) => (opts.types?.[column] ? `cast(${expr} as ${opts.types[column]})` : expr);
  const select = [
    ...constants.map(([c], i) => cast(c, pg ? `$${i + 1}` : '?')),
    ...columns.map((c, i) => cast(c, `j.value ->> ${i}`)),
  ];
  const json = pg ? `json_array_elements(cast($${constants.length + 1} as json)) as j` : 'json_each(?) as j';
  const text = `insert into ${table} (${[...constants.map(([c]) => c), ...columns].join(', ')}) select ${select.join(', ')} from ${json} where true${opts.onConflict ? ` ${opts.onConflict}` : ''}${opts.returning ? ` returning ${opts.returning}` : ''}`;
  const chunk = opts.chunk ?? 5000;
  const fixed = constants.map(([, v]) => v);
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const part = i === 0 && rows.length <= chunk ? rows : rows.slice(i, i + chunk);
    const r = await db.executeQuery(CompiledQuery.raw(text, [...fixed, JSON.stringify(part)]));
    if (opts.returning) out.push(...(r.rows as R[]));
  }
  return out;
}

/**
 * Updates a row per entry of `rows` (arrays in `[key, ...columns]` order), each its own values,
 * in one statement per chunk: `update t set c = v.c … from <JSON array> as v where t.key = v.key
 * and <where>` — `where` a condition on the table's own columns (a compare-and-set), so a row
 * that no longer matches is left alone. Returns the keys of the rows updated.
 */
export async function updateRows(db: Db, table: string, key: string, columns: readonly string[], rows: readonly unknown[][], opts: { where?: string; types?: Readonly<Record<string, string>>; chunk?: number } = {}): Promise<string[]> {
  if (rows.length === 0) return [];
  const pg = usesDollars(db);
  const cast = (column: string, expr: string) => (opts.types?.[column] ? `cast(${expr} as ${opts.types[column]})` : expr);
  const all = [key, ...columns];
  const source = `(select ${all.map((c, i) => `${cast(c, `j.value ->> ${i}`)} as ${c}`).join(', ')} from ${pg ? 'json_array_elements(cast($1 as json))' : 'json_each(?)'} as j) as v`;
  const text = `update ${table} set ${columns.map((c) => `${c} = v.${c}`).join(', ')} from ${source} where ${table}.${key} = v.${key}${opts.where ? ` and ${opts.where}` : ''} returning ${table}.${key}`;
  const chunk = opts.chunk ?? 2000;
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const r = await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows.slice(i, i + chunk))]));
    for (const row of r.rows as Record<string, unknown>[]) out.push(String(row[key]));
  }
  return out;
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

/**
 * Runs `body` (a SELECT reading the CTE `name`) over `rows` given as `with name(columns) as
 * (values …)`, in chunks: one round trip per chunk instead of one query per row. Values arrive
 * as parameters (text on PostgreSQL); `body` has no parameters of its own.
 */
export async function selectWithValues<R>(db: Db, name: string, columns: readonly string[], rows: readonly unknown[][], body: string, chunk = 200): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const text = `with ${name}(${columns.join(', ')}) as (values ${tuples(db, part.length, columns.length)}) ${body}`;
    const r = await db.executeQuery(CompiledQuery.raw(text, part.flat()));
    out.push(...(r.rows as R[]));
  }
  return out;
}
