// Frozen in time: never import application code here.
// History is lossless and compact: a requirement's result and an entity's grade are stored as
// intervals [valid_from, valid_to) that are closed only when something changes; valid_to NULL = current.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scorecards')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('doc', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scorecard_versions')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scorecard_versions_pk', ['name', 'version'])
    .execute();

  await db.schema
    .createTable('requirement_results')
    .addColumn('scorecard', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('graced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addPrimaryKeyConstraint('requirement_results_pk', ['scorecard', 'entity', 'requirement', 'valid_from'])
    .execute();
  await db.schema.createIndex('requirement_results_current').on('requirement_results').columns(['scorecard', 'valid_to', 'entity']).execute();

  await db.schema
    .createTable('grade_history')
    .addColumn('scorecard', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('grade', 'text')
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addPrimaryKeyConstraint('grade_history_pk', ['scorecard', 'entity', 'valid_from'])
    .execute();
  await db.schema.createIndex('grade_history_current').on('grade_history').columns(['scorecard', 'valid_to', 'entity']).execute();

  await db.schema
    .createTable('facts')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('facts_pk', ['entity', 'name'])
    .execute();

  await db.schema
    .createTable('attestations')
    .addColumn('scorecard', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('attested_by', 'text', (c) => c.notNull())
    .addColumn('attested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attestations_pk', ['scorecard', 'entity', 'requirement'])
    .execute();

  await db.schema
    .createTable('waivers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scorecard', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // requested | approved | rejected | revoked
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('waivers_entity').on('waivers').columns(['entity', 'scorecard', 'requirement']).execute();

  await db.schema
    .createTable('evaluation_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scorecard', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('entities', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['evaluation_runs', 'waivers', 'attestations', 'facts', 'grade_history', 'requirement_results', 'scorecard_versions', 'scorecards']) {
    await db.schema.dropTable(t).execute();
  }
}
