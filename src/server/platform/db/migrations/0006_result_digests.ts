// Frozen in time: never import application code here.
// A digest per (scorecard, entity) of the entity's open requirement results, so a run reads
// 10,000 digests instead of every open result and compares in full only the entities whose
// digest differs. Derived data, updated in place (not history). Entities that already have
// open results get an empty digest, which never matches: the next run compares them in full.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('result_digests')
    .addColumn('scorecard', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('result_digests_pk', ['scorecard', 'entity'])
    .execute();
  await sql`insert into result_digests (scorecard, entity, digest, updated_at)
    select distinct scorecard, entity, '', '1970-01-01T00:00:00.000Z' from requirement_results where valid_to is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('result_digests').execute();
}
