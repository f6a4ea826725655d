// Frozen in time: never import application code here.
// OpenSLO documents read from the catalog sources (SLO, SLI, AlertPolicy, AlertCondition,
// DataSource, …), kept whole as JSON text and re-read when SLOs are listed or checked.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('slo_documents')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('doc', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('slo_documents_pk', ['kind', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('slo_documents').execute();
}
