// Applies the migrations; used by `tally migrate`, at start-up and by tests.
import { Migrator, PostgresAdapter, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations/index.ts';

/**
 * On PostgreSQL the migration tables live in the connection's current schema. Kysely looks for
 * them across every schema unless told which, and would mistake another schema's for ours.
 */
export async function migrator(db: Kysely<any>): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema });
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results }: MigrationResultSet = await (await migrator(db)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
