// Frozen in time: never import application code here.
// Error tracking: Sentry projects (each belongs to a catalog entity, with its DSN key), issues
// (one per group) and the hashes that lead to them, raw events (short retention), exact
// per-minute and per-release counts, the users affected, the items counted and skipped, and the
// keys of the encrypted debug blobs services put on their error pages.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('error_projects')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('error_projects_entity').on('error_projects').column('entity').execute();

  await db.schema
    .createTable('error_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('primary_hash', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('culprit', 'text')
    .addColumn('type', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_in_release', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('first_release', 'text')
    .addColumn('last_release', 'text')
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('user_count', 'integer', (c) => c.notNull())
    .addColumn('regressed_at', 'text')
    .addColumn('regressions', 'integer', (c) => c.notNull())
    .addColumn('frames', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('error_issues_entity').on('error_issues').columns(['entity', 'last_seen']).execute();
  await db.schema.createIndex('error_issues_first_seen').on('error_issues').columns(['first_seen']).execute();

  await db.schema
    .createTable('error_hashes')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('error_hashes_pk', ['project_id', 'hash'])
    .execute();

  await db.schema
    .createTable('error_events')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('release', 'text')
    .addColumn('environment', 'text')
    .addColumn('user_key', 'text')
    .addColumn('trace_id', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('error_events_pk', ['project_id', 'event_id'])
    .execute();
  await db.schema.createIndex('error_events_issue').on('error_events').columns(['issue_id', 'received_at']).execute();
  await db.schema.createIndex('error_events_received').on('error_events').columns(['received_at']).execute();
  await db.schema.createIndex('error_events_trace').on('error_events').columns(['trace_id']).execute();

  await db.schema
    .createTable('error_minutes')
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('minute', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('error_minutes_pk', ['issue_id', 'minute'])
    .execute();
  await db.schema.createIndex('error_minutes_minute').on('error_minutes').columns(['minute']).execute();

  await db.schema
    .createTable('error_releases')
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('error_releases_pk', ['issue_id', 'release'])
    .execute();

  await db.schema
    .createTable('error_users')
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('user_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('error_users_pk', ['issue_id', 'user_key'])
    .execute();

  await db.schema
    .createTable('error_discards')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('error_discards_pk', ['project_id', 'day', 'category', 'reason'])
    .execute();

  // Keys for the encrypted debug blobs on error pages: per entity, the newest encrypts, all decrypt.
  await db.schema
    .createTable('error_debug_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('error_debug_keys_entity').on('error_debug_keys').columns(['entity', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['error_debug_keys', 'error_discards', 'error_users', 'error_releases', 'error_minutes', 'error_events', 'error_hashes', 'error_issues', 'error_projects']) {
    await db.schema.dropTable(t).execute();
  }
}
