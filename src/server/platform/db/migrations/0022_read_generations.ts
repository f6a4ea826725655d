// Frozen in time: never import application code here.
// One small counter per read model (e.g. `scorecards`): bumped in the transaction of every write
// that changes what the model's cached answers say, read by every process at most once per its
// recheck interval (platform/db/generations.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('read_generations')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('read_generations').execute();
}
