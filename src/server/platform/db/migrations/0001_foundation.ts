// Frozen in time: never import application code here. Portable across SQLite and PostgreSQL:
// timestamps are ISO-8601 UTC text (sortable), JSON is text, booleans are 0/1 integers.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('entities')
    .addColumn('ref', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('owner', 'text')
    .addColumn('system', 'text')
    .addColumn('lifecycle', 'text')
    .addColumn('tier', 'integer')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('doc', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('entities_owner').on('entities').columns(['owner', 'ref']).execute();
  await db.schema.createIndex('entities_kind').on('entities').columns(['kind', 'ref']).execute();
  await db.schema.createIndex('entities_system').on('entities').columns(['system', 'ref']).execute();
  await db.schema.createIndex('entities_source').on('entities').column('source').execute();

  await db.schema
    .createTable('relations')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('target_ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('relations_pk', ['origin', 'source_ref', 'type', 'target_ref'])
    .execute();
  await db.schema.createIndex('relations_source').on('relations').columns(['source_ref', 'type']).execute();
  await db.schema.createIndex('relations_target').on('relations').columns(['target_ref', 'type']).execute();

  await db.schema
    .createTable('catalog_imports')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('entity_count', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'at']).execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text')
    .execute();

  await db.schema
    .createTable('runtime_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['runtime_settings', 'job_leases', 'audit_log', 'api_tokens', 'catalog_imports', 'relations', 'entities']) {
    await db.schema.dropTable(t).execute();
  }
}
