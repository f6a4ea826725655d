// Frozen in time: never import application code here.
// What incidents tell the change database: a change's verdict (it caused an incident: a failed
// change for DORA's change failure rate), and when the affected services were restored (DORA's
// time to restore), one row per (incident, entity).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_verdicts')
    .addColumn('change_id', 'text', (c) => c.primaryKey())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('incident', 'text')
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('change_restores')
    .addColumn('incident', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('restored_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_restores_pk', ['incident', 'entity'])
    .execute();
  await db.schema.createIndex('change_restores_entity').on('change_restores').columns(['entity', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('change_restores').execute();
  await db.schema.dropTable('change_verdicts').execute();
}
