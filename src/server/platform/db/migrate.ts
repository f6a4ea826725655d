// Applies the migrations; used by `tally migrate`, at start-up and by tests. The set is the
// platform's own plus what each module declares (host.ts gathers them); names order them.
import { DEFAULT_MIGRATION_TABLE, Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';

const MIGRATION_TABLE = DEFAULT_MIGRATION_TABLE;
import { platformMigrations } from './migrations/index.ts';

export type Migrations = Record<string, Migration>;

/** The platform's migrations plus the given ones; a name declared twice is a programming error. */
export function mergeMigrations(...sets: Migrations[]): Migrations {
  const out: Migrations = { ...platformMigrations };
  for (const set of sets) {
    for (const [name, m] of Object.entries(set)) {
      if (out[name]) throw new Error(`migration ${name} is declared twice`);
      out[name] = m;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * On PostgreSQL the migration tables live in the connection's current schema. Kysely looks for
 * them across every schema unless told which, and would mistake another schema's for ours.
 */
export async function migrator(db: Kysely<any>, migrations: Migrations = platformMigrations): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema });
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>, migrations: Migrations): Promise<string[]> {
  const { error, results }: MigrationResultSet = await (await migrator(db, migrations)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Names of migrations not yet applied (empty when the schema is current). Read from Kysely's
 * migration table directly: /readyz asks this on every probe, and the Migrator's own listing
 * introspects every table of every schema first (slow on a shared PostgreSQL, and it fails when
 * another schema is dropped meanwhile).
 */
export async function pendingMigrations(db: Kysely<any>, migrations: Migrations): Promise<string[]> {
  let applied: Set<string>;
  try {
    applied = new Set((await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db)).rows.map((r) => r.name));
  } catch (err) {
    // No migration table yet: nothing is applied. Anything else is the database's error.
    const e = err as { code?: string; message?: string };
    if (e.code === '42P01' || /no such table/.test(e.message ?? '')) return Object.keys(migrations);
    throw err;
  }
  return Object.keys(migrations).filter((name) => !applied.has(name));
}
