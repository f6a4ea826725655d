// Kept statements on a real SQLite database: prepared once per SQL text, the same answers as
// fresh ones (also after the schema changed under them), the least recently used dropped first.
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.ts';
import { keepPreparedStatements } from './statements.ts';

const SQLite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');

describe('keepPreparedStatements', () => {
  it('hands back the statement it prepared for the same text, and fresh ones past its bound, oldest dropped first', () => {
    const db = keepPreparedStatements(new SQLite(':memory:'), 2);
    const a = db.prepare('select 1 as a');
    expect(db.prepare('select 1 as a')).toBe(a);
    const b = db.prepare('select 2 as b');
    db.prepare('select 1 as a'); // a is now the most recently used
    db.prepare('select 3 as c'); // drops b
    expect(db.prepare('select 1 as a')).toBe(a);
    expect(db.prepare('select 2 as b')).not.toBe(b);
    const long = `select '${'x'.repeat(9000)}' as long`;
    expect(db.prepare(long)).not.toBe(db.prepare(long));
    db.close();
  });

  it('answers through Kysely as fresh statements would, after inserts and after a schema change', async () => {
    const handle = await connectDatabase(':memory:');
    try {
      await sql`create table t (id integer primary key, x text)`.execute(handle.db);
      for (let i = 0; i < 3; i++) await sql`insert into t (x) values (${`v${i}`})`.execute(handle.db);
      const read = async () => (await sql<Record<string, unknown>>`select * from t order by id`.execute(handle.db)).rows;
      expect(await read()).toEqual([{ id: 1, x: 'v0' }, { id: 2, x: 'v1' }, { id: 3, x: 'v2' }]);
      await sql`alter table t add column y text default 'new'`.execute(handle.db);
      await sql`insert into t (x) values (${'v3'})`.execute(handle.db);
      expect(await read()).toEqual([{ id: 1, x: 'v0', y: 'new' }, { id: 2, x: 'v1', y: 'new' }, { id: 3, x: 'v2', y: 'new' }, { id: 4, x: 'v3', y: 'new' }]);
      // A failed statement leaves its kept statement usable.
      await expect(sql`insert into t (id, x) values (${1}, ${'dup'})`.execute(handle.db)).rejects.toThrow(/UNIQUE/);
      await sql`insert into t (id, x) values (${5}, ${'v5'})`.execute(handle.db);
      expect((await read()).length).toBe(5);
    } finally {
      await handle.close();
    }
  });
});
