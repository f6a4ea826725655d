// Frozen in time: never import application code here.
// Each evaluation run records the catalog generation it saw, so a refresh can tell whether the
// catalog changed since the last run (and make the evaluations due).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluation_runs').addColumn('catalog_generation', 'text').execute();
  await db.schema.createIndex('evaluation_runs_started').on('evaluation_runs').columns(['started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('evaluation_runs_started').execute();
  await db.schema.alterTable('evaluation_runs').dropColumn('catalog_generation').execute();
}
