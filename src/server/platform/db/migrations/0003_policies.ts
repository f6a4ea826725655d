// Frozen in time: never import application code here.
// Grades with consequences: policies, break-glass overrides, the deploy decision log, HackDays
// and the notifications outbox.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('scorecard', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull()) // the whole document as JSON
    .addColumn('source', 'text', (c) => c.notNull()) // 'sources' or 'api'
    .addColumn('file', 'text')
    .addColumn('doc', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('deploy_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('deploy_overrides_entity').on('deploy_overrides').columns(['entity', 'expires_at']).execute();

  await db.schema
    .createTable('deploy_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('allowed', 'integer', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('override_id', 'text')
    .addColumn('caller', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deploy_decisions_decided_at').on('deploy_decisions').columns(['decided_at']).execute();

  await db.schema
    .createTable('hackdays')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text')
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('end', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scorecard', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('frozen_results', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The leaderboard's cache generation reads max(valid_from) per scorecard and max(updated_at)
  // of the catalog on every request: both become index lookups.
  await db.schema.createIndex('grade_history_from').on('grade_history').columns(['scorecard', 'valid_from']).execute();
  await db.schema.createIndex('entities_updated').on('entities').column('updated_at').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_due').on('notifications').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('entities_updated').execute();
  await db.schema.dropIndex('grade_history_from').execute();
  for (const t of ['notifications', 'hackdays', 'deploy_decisions', 'deploy_overrides', 'policies']) await db.schema.dropTable(t).execute();
}
