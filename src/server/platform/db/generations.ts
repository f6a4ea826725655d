// Read-model generations: one counter row per name (table read_generations, migration 0022).
// A writer bumps its model's counter in the transaction that changes what the model's cached
// answers would say; a reader keys its cache on the counter, which each process re-reads from the
// database at most once per RECHECK_MS. So another process's write is seen within RECHECK_MS (plus
// the replica's lag when reads go to a replica); this process's own writes at once: a bump makes
// this process re-read until it sees that value committed (or EXPECT_MS passed: a rolled-back one).
// A request that carries its client's last write (read-context.ts: with read replicas, a cookie,
// `Tally-Min-Lsn` or its token) always reads the generation afresh, from a database that has that
// write: read-your-writes holds through another process too.
import { sql } from 'kysely';
import type { Db } from './connect.ts';
import { readContext } from './read-context.ts';

/** How long a process trusts the generation it last read before asking the database again. */
export const RECHECK_MS = 1000;
/** How long this process waits for its own bump to show before trusting its cache again (a rolled-back write never shows). */
const EXPECT_MS = 10_000;

const seen = new WeakMap<Db, Map<string, { n: number; at: number }>>();
/** Values this process bumped to, not yet seen committed. Keyed by name only: a bump runs in a transaction, not on the reader's Db. */
let expected: { name: string; n: number; until: number }[] = [];

/**
 * Bumps a generation. Call inside the writer's transaction, after its other writes: the row stays
 * locked until commit, so concurrent writers of the same model queue here, not in the middle of
 * their work.
 */
export async function bumpGeneration(db: Db, name: string): Promise<void> {
  const row = await db
    .insertInto('read_generations')
    .values({ name, n: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ n: sql`read_generations.n + 1` }))
    .returning('n')
    .executeTakeFirstOrThrow();
  const now = performance.now();
  expected = [...expected.filter((e) => e.until > now).slice(-63), { name, n: Number(row.n), until: now + EXPECT_MS }];
}

/** True when this process bumped `name` past `n` recently and has not seen it committed yet. */
function awaitingOwnWrite(name: string, n: number): boolean {
  const now = performance.now();
  return expected.some((e) => e.name === name && e.n > n && e.until > now);
}

/** The generation of `name` (0 before the first bump): from memory when read less than RECHECK_MS ago. */
export async function readGeneration(db: Db, name: string): Promise<number> {
  let perDb = seen.get(db);
  if (!perDb) seen.set(db, (perDb = new Map()));
  const hit = perDb.get(name);
  const ctx = readContext.getStore();
  const mustSee = ctx !== undefined && (ctx.primary || ctx.minLsn !== undefined);
  if (hit && !mustSee && performance.now() - hit.at < RECHECK_MS && !awaitingOwnWrite(name, hit.n)) return hit.n;
  const row = await db.selectFrom('read_generations').select('n').where('name', '=', name).executeTakeFirst();
  const n = Number(row?.n ?? 0);
  perDb.set(name, { n, at: performance.now() });
  return n;
}
