// Frozen in time: never import application code here.
// On-call: rotations (from the sources or the API), overrides made through the API, pages with
// their events, the timers that escalate them (fired once by a compare-and-set), alerts that
// matched no rotation, personal contact rules, and the counter that numbers pages.
// Times are ISO-8601 UTC text; JSON is text; booleans 0/1.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oncall_rotations')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('doc', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oncall_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rotation', 'text', (c) => c.notNull())
    .addColumn('user_ref', 'text', (c) => c.notNull())
    .addColumn('covers', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oncall_overrides_rotation').on('oncall_overrides').columns(['rotation', 'ends_at']).execute();

  await db.schema
    .createTable('oncall_pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('rotation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('assignees', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('previous_ref', 'text')
    .addColumn('triggered_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('escalations', 'integer', (c) => c.notNull())
    .addColumn('off_hours', 'integer', (c) => c.notNull())
    .addColumn('incident_key', 'text')
    .execute();
  // One open page per dedup key: a repeated alert finds it instead of paging again.
  await db.schema.createIndex('oncall_pages_open_key').on('oncall_pages').column('dedup_key').unique().where(sql.ref('open'), '=', 1).execute();
  await db.schema.createIndex('oncall_pages_key').on('oncall_pages').columns(['dedup_key', 'triggered_at']).execute();
  await db.schema.createIndex('oncall_pages_list').on('oncall_pages').columns(['open', 'triggered_at', 'id']).execute();
  await db.schema.createIndex('oncall_pages_rotation').on('oncall_pages').columns(['rotation', 'triggered_at']).execute();

  await db.schema
    .createTable('oncall_page_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oncall_page_events_page').on('oncall_page_events').columns(['page_id', 'at']).execute();

  await db.schema
    .createTable('oncall_timers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text')
    .execute();
  await db.schema.createIndex('oncall_timers_due').on('oncall_timers').columns(['fired_at', 'due_at']).execute();
  await db.schema.createIndex('oncall_timers_page').on('oncall_timers').column('page_id').execute();

  await db.schema
    .createTable('oncall_unrouted')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oncall_unrouted_received').on('oncall_unrouted').columns(['received_at', 'id']).execute();

  await db.schema
    .createTable('oncall_contacts')
    .addColumn('user_ref', 'text', (c) => c.primaryKey())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('oncall_counters').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('value', 'integer', (c) => c.notNull()).execute();
  await db.insertInto('oncall_counters' as never).values({ name: 'pages', value: 0 } as never).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['oncall_counters', 'oncall_contacts', 'oncall_unrouted', 'oncall_timers', 'oncall_page_events', 'oncall_pages', 'oncall_overrides', 'oncall_rotations']) await db.schema.dropTable(t).execute();
}
