// A temporary, migrated SQLite database for a simulation run without a tally.yaml; removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, type Db } from '../../platform/db/connect.ts';
import { migrateToLatest, type Migrations } from '../../platform/db/migrate.ts';

export async function temporaryDb<T>(migrations: Migrations, fn: (db: Db) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-edge-sim-'));
  const handle = await connectDatabase(join(dir, 'edge.db'));
  try {
    await migrateToLatest(handle.db, migrations);
    return await fn(handle.db);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
