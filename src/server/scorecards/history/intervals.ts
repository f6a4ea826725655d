// The storage of intervals (migration 0007): the open interval of each key lives in a
// `*_current` table and is rewritten in place when its value changes; closing appends the old
// value to a `*_closed` table with its end. Appending keeps the file's growth to the changes
// themselves. The views `requirement_results` and `grade_history` read both. Keys are always
// within one scorecard.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { insertRows, whereTuplesIn } from '../../platform/db/bulk.ts';

export interface IntervalTables {
  current: string;
  closed: string;
  /** Key columns after `scorecard`. */
  key: readonly string[];
  /** Value columns (besides valid_from). */
  values: readonly string[];
  /** SQL types for values that arrive as JSON text (see insertRows). */
  types?: Readonly<Record<string, string>>;
}

export const REQUIREMENT_INTERVALS: IntervalTables = {
  current: 'requirement_current',
  closed: 'requirement_closed',
  key: ['entity', 'requirement'],
  values: ['state', 'message', 'evidence', 'version', 'graced'],
  types: { graced: 'integer' },
};

export const GRADE_INTERVALS: IntervalTables = {
  current: 'grade_current',
  closed: 'grade_closed',
  key: ['entity'],
  values: ['score', 'grade', 'version'],
  types: { score: 'double precision' },
};

/**
 * Ends at `at` the open intervals whose keys (values of `keyColumns`, a prefix of the table's
 * key) are given: they are appended to the closed table, except one opened at `at` itself,
 * which carries no time. With `remove` they also leave the current table (nothing follows
 * them); otherwise the caller rewrites them with openIntervals. Returns the rows removed.
 */
export async function closeIntervals(db: Db, t: IntervalTables, scorecard: string, keyColumns: readonly string[], keys: readonly unknown[][], at: string, remove: boolean): Promise<number> {
  const cols = ['scorecard', ...t.key, ...t.values, 'valid_from'].join(', ');
  await whereTuplesIn(db, (p) => `insert into ${t.closed} (${cols}, valid_to) select ${cols}, ${p(1)} from ${t.current} where scorecard = ${p(2)} and valid_from <> ${p(3)}`, [at, scorecard, at], keyColumns, keys);
  return remove ? whereTuplesIn(db, (p) => `delete from ${t.current} where scorecard = ${p(1)}`, [scorecard], keyColumns, keys) : 0;
}

/** Opens intervals from `at`: rows are [...key, ...values]; an open interval with the same key is overwritten (close it first). */
export async function openIntervals(db: Db, t: IntervalTables, scorecard: string, rows: readonly unknown[][], at: string): Promise<void> {
  const update = [...t.values, 'valid_from'].map((c) => `${c} = excluded.${c}`).join(', ');
  await insertRows(db, t.current, [...t.key, ...t.values], rows, {
    constants: { scorecard, valid_from: at },
    types: t.types,
    onConflict: `on conflict (scorecard, ${t.key.join(', ')}) do update set ${update}`,
  });
}

/** A WHERE condition on a view's rows (of `alias` in a join): the interval containing `at` (valid_from ≤ at < valid_to; an open one has no end). */
export function containing(at: string, alias?: string) {
  const from = sql.ref(alias ? `${alias}.valid_from` : 'valid_from');
  const to = sql.ref(alias ? `${alias}.valid_to` : 'valid_to');
  return sql<boolean>`${from} <= ${at} and (${to} is null or ${to} > ${at})`;
}
