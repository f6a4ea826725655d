// Frozen in time: never import application code here.
// The central change database: change records, the entities each touched (many-to-many, with
// the change's time copied in so "entity + time window" is one index range), and revert attempts
// (one row per change: the primary key is what makes "revert exactly once" hold under
// concurrent clicks).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('version', 'text')
    .addColumn('previous_version', 'text')
    .addColumn('actor', 'text')
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('automated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('entities', 'text', (c) => c.notNull()) // JSON array of refs, as sent (normalised)
    .addColumn('links', 'text') // JSON
    .addColumn('revert', 'text') // JSON
    .addColumn('postmortem_url', 'text')
    .addColumn('labels', 'text') // JSON
    .addColumn('commit_at', 'text')
    .addColumn('revert_of', 'text')
    .addColumn('unmapped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('event_time', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addUniqueConstraint('changes_source_external_id', ['source', 'external_id'])
    .execute();
  await db.schema.createIndex('changes_started_at').on('changes').columns(['started_at', 'id']).execute();
  await db.schema.createIndex('changes_revert_of').on('changes').column('revert_of').execute();

  await db.schema
    .createTable('change_entities')
    .addColumn('change_id', 'text', (c) => c.notNull().references('changes.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // When the change stopped being able to cause trouble: finished_at, else started_at for a
    // change that is not in progress; NULL while in progress.
    .addColumn('ended_at', 'text')
    // 1 when the change ran longer than an hour or is still in progress: suspects look further
    // back for these only, so the common short change costs one narrow index range.
    .addColumn('long_running', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('change_entities_pk', ['change_id', 'entity'])
    .execute();
  await db.schema.createIndex('change_entities_entity_time').on('change_entities').columns(['entity', 'started_at']).execute();
  await db.schema.createIndex('change_entities_entity_long').on('change_entities').columns(['entity', 'long_running', 'started_at']).execute();

  await db.schema
    .createTable('revert_attempts')
    .addColumn('change_id', 'text', (c) => c.primaryKey().references('changes.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull()) // claimed | succeeded | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('response', 'text') // JSON: the action's result
    .addColumn('revert_change_id', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['revert_attempts', 'change_entities', 'changes']) await db.schema.dropTable(t).execute();
}
