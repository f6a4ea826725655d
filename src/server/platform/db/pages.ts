// Keyset pagination for lists shown newest first: the rows after the last one of a page, by
// (time descending, id ascending). Stable under inserts, unlike OFFSET, and index-friendly.
import { sql, type RawBuilder } from 'kysely';

/** `time < at OR (time = at AND id > lastId)` for a page after `[at, lastId]`. */
export function olderThan(timeColumn: string, idColumn: string, [at, lastId]: readonly [string, string]): RawBuilder<boolean> {
  const time = sql.ref(timeColumn);
  return sql<boolean>`(${time} < ${at} or (${time} = ${at} and ${sql.ref(idColumn)} > ${lastId}))`;
}
