// Frozen in time: never import application code here.
// The edge's verdicts (bot or human, per fingerprint or session, with the evidence that decided
// them; bot verdicts carry the ban's expiry) and its traffic per minute by action, for the chart
// of a sale. Times are ISO-8601 UTC text; JSON is text.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('edge_verdicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edge', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('ja4', 'text')
    .addColumn('http', 'text', (c) => c.notNull())
    .addColumn('h2', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('edge_verdicts_decided').on('edge_verdicts').columns(['decided_at', 'id']).execute();
  await db.schema.createIndex('edge_verdicts_subject').on('edge_verdicts').columns(['subject', 'decided_at']).execute();
  await db.schema
    .createTable('edge_traffic')
    .addColumn('edge', 'text', (c) => c.notNull())
    .addColumn('minute', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('edge_traffic_pk', ['edge', 'minute', 'action'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('edge_traffic').execute();
  await db.schema.dropTable('edge_verdicts').execute();
}
