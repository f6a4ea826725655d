// Frozen in time: never import application code here.
// Messages carry their sender (`incident:<id>`), so a sender can read its deliveries back
// without scanning the outbox.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('source', 'text').execute();
  await db.schema.createIndex('notifications_source').on('notifications').columns(['source', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('notifications_source').execute();
  await db.schema.alterTable('notifications').dropColumn('source').execute();
}
