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
    // The worker copies the log into the file on its next tick (every second); a loaded machine may delay it.
    const deadline = Date.now() + 30_000;
    while (statSync(file).size <= before + 100_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(statSync(file).size).toBeGreaterThan(before + 100_000);
    await handle.close();
    const again = await connectDatabase(file);
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(again.db);
    expect(Number(count.rows[0].n)).toBe(200);
    await again.close();
  });
});
