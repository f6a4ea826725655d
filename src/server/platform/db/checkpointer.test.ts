import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.ts';

describe('SQLite checkpoints', () => {
  it('happen in the background, not inside writes, and nothing is lost on close', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tally-wal-')), 'db.sqlite');
    const handle = await connectDatabase(file);
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(handle.db);
    expect(rows[0].wal_autocheckpoint).toBe(0);
    await sql`create table t (x text)`.execute(handle.db);
    for (let i = 0; i < 50; i++) await sql`insert into t (x) select hex(randomblob(500)) from (select 1 union all select 2 union all select 3 union all select 4)`.execute(handle.db);
    const before = statSync(file).size;
    await new Promise((r) => setTimeout(r, 1600));
    expect(statSync(file).size).toBeGreaterThan(before + 100_000); // the worker copied the log into the file
    await handle.close();
    const again = await connectDatabase(file);
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(again.db);
    expect(Number(count.rows[0].n)).toBe(200);
    await again.close();
  });
});
