// Frozen in time: never import application code here.
// The timers job asks, many times a second, for the earliest timers not fired yet. Fired timers
// stay (the record of what fired), so they soon outnumber the pending ones: an index of the
// pending timers alone, by due time, answers both questions (the due ones, the next one) by
// reading its first entries, on both engines. It replaces the (fired_at, due_at) index, with
// which PostgreSQL read and sorted every pending timer for each question.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('oncall_timers_pending').on('oncall_timers').column('due_at').where(sql.ref('fired_at'), 'is', null).execute();
  await db.schema.dropIndex('oncall_timers_due').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('oncall_timers_due').on('oncall_timers').columns(['fired_at', 'due_at']).execute();
  await db.schema.dropIndex('oncall_timers_pending').execute();
}
