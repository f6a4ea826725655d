// Frozen in time: never import application code here.
// Incidents and what hangs off them: affected services, roles (at most one incident manager and
// one communications lead at a time, by partial unique indexes), the append-only timeline,
// hypotheses, workstreams, subscribers, postmortems with follow-ups, drills, the chat request
// signatures seen (replays are refused), and the counter that numbers incidents. Times are ISO-8601 UTC text; JSON is text.
import { sql, type Kysely } from 'kysely';

async function incidents(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    /** 0 active, 1 resolved, 2 closed: lists show active first. */
    .addColumn('phase', 'integer', (c) => c.notNull())
    .addColumn('drill_id', 'text')
    .addColumn('drill_kind', 'text')
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('impact_started_at', 'text')
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addColumn('mitigated_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('impact', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('alerts', 'text', (c) => c.notNull())
    .addColumn('chat_channel', 'text')
    .addColumn('failover', 'text', (c) => c.notNull())
    .addColumn('confirmation', 'text')
    .addColumn('root_cause', 'text')
    .addColumn('last_update_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_list').on('incidents').columns(['phase', 'declared_at', 'id']).execute();
  await db.schema.createIndex('incidents_chat_channel').on('incidents').columns(['chat_channel', 'phase']).execute();
  await db.schema
    .createTable('incident_services')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_services_pk', ['incident_id', 'entity'])
    .execute();
  await db.schema.createIndex('incident_services_entity').on('incident_services').columns(['entity', 'declared_at']).execute();
}

async function people(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('incident_roles_incident').on('incident_roles').columns(['incident_id', 'ended_at']).execute();
  // Never two incident managers (or communications leads) at once: the database refuses it.
  await db.schema.createIndex('incident_roles_one_lead').on('incident_roles').columns(['incident_id', 'role']).unique().where(sql.ref('ended_at'), 'is', null).where(sql.ref('role'), '<>', 'responder').execute();
  await db.schema.createIndex('incident_roles_one_responder').on('incident_roles').columns(['incident_id', 'role', 'person']).unique().where(sql.ref('ended_at'), 'is', null).execute();
  await db.schema
    .createTable('incident_subscribers')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_subscribers_pk', ['incident_id', 'address'])
    .execute();
}

async function record(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('happened_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('incident_timeline_order').on('incident_timeline').columns(['incident_id', 'happened_at', 'id']).execute();
  for (const [table, extra] of [['incident_hypotheses', ['text', 'state', 'evidence']], ['incident_workstreams', ['goal', 'owner', 'status']]] as const) {
    let t = db.schema.createTable(table).addColumn('id', 'text', (c) => c.primaryKey()).addColumn('incident_id', 'text', (c) => c.notNull());
    for (const col of extra) t = t.addColumn(col, 'text', (c) => (col === 'evidence' ? c : c.notNull()));
    await t
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_incident`).on(table).columns(['incident_id', 'created_at']).execute();
  }
}

async function learning(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_postmortems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.unique())
    .addColumn('change_id', 'text', (c) => c.unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('no_follow_ups_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_postmortems_state').on('incident_postmortems').columns(['state', 'created_at']).execute();
  await db.schema
    .createTable('incident_follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('postmortem_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('tracker_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_follow_ups_postmortem').on('incident_follow_ups').columns(['postmortem_id', 'created_at']).execute();
  await db.schema.createIndex('incident_follow_ups_open').on('incident_follow_ups').columns(['status', 'due_date']).execute();
}

async function drillsAndChat(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_drills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('outcome', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_drills_due').on('incident_drills').columns(['state', 'scheduled_at']).execute();
  await db.schema.createTable('incident_chat_requests').addColumn('signature', 'text', (c) => c.primaryKey()).addColumn('seen_at', 'text', (c) => c.notNull()).execute();
  await db.schema.createIndex('incident_chat_requests_seen').on('incident_chat_requests').column('seen_at').execute();
  // Incident numbers: one UPDATE … RETURNING per declaration, so concurrent declarations wait on the row.
  await db.schema.createTable('incident_counters').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('value', 'integer', (c) => c.notNull()).execute();
  await (db as Kysely<{ incident_counters: { name: string; value: number } }>).insertInto('incident_counters').values({ name: 'incident', value: 0 }).execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await incidents(db);
  await people(db);
  await record(db);
  await learning(db);
  await drillsAndChat(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['incident_counters', 'incident_chat_requests', 'incident_drills', 'incident_follow_ups', 'incident_postmortems', 'incident_workstreams', 'incident_hypotheses', 'incident_timeline', 'incident_subscribers', 'incident_roles', 'incident_services', 'incidents']) {
    await db.schema.dropTable(t).execute();
  }
}
