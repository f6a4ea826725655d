// Prepared statements kept per SQLite connection. Kysely's SQLite driver calls better-sqlite3's
// prepare() for every query it runs, and preparing (parsing and planning the SQL) costs about as
// much as running a small insert. This wrapper hands the driver the statement it prepared last
// time for the same SQL text: a bounded map, least recently used first out. SQLite re-prepares a
// kept statement by itself when the schema changed under it, so a kept statement never runs a
// stale plan. The only thing a kept statement cannot do is run twice at once (an iterator still
// open on it): Tally streams no SQLite query (Kysely's `.stream()`), and every other use runs to
// completion before the next query starts, the driver's single connection being behind a mutex.
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Statements longer than this are not kept (large one-off IN lists and VALUES rows). */
const MAX_SQL_CHARS = 8192;

export function keepPreparedStatements(database: SqliteDatabase, max = 256): SqliteDatabase {
  const kept = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      const hit = kept.get(sql);
      if (hit) {
        // Most recently used last, so the first key is the one to drop.
        kept.delete(sql);
        kept.set(sql, hit);
        return hit;
      }
      const stmt = database.prepare(sql);
      if (sql.length <= MAX_SQL_CHARS) {
        kept.set(sql, stmt);
        if (kept.size > max) kept.delete(kept.keys().next().value!);
      }
      return stmt;
    },
    close(): void {
      kept.clear();
      database.close();
    },
  };
}
