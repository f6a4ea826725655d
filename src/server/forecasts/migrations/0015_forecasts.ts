// Frozen in time: never import application code here.
// Usage samples of resources that were uploaded (CSV) or pushed rather than read from Prometheus,
// one row per resource and time (ISO-8601 UTC text; a NULL value is NaN, which SQLite cannot
// store), and the exhaustion warnings sent (so each flagged date is announced once).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('forecast_samples')
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addPrimaryKeyConstraint('forecast_samples_pk', ['resource', 'at'])
    .execute();
  await db.schema
    .createTable('forecast_warnings')
    .addColumn('resource', 'text', (c) => c.primaryKey())
    .addColumn('pessimistic_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('forecast_warnings').execute();
  await db.schema.dropTable('forecast_samples').execute();
}
