// The only SQL of the leaderboard: HackDays. Grades and the catalog come from their read models (board-inputs.ts).
import type { Db } from '../platform/db/connect.ts';
import type { HackdayRow } from './tables.ts';

export async function listHackdays(db: Db): Promise<HackdayRow[]> {
  return db.selectFrom('hackdays').selectAll().orderBy('start', 'desc').execute();
}

export async function getHackday(db: Db, name: string): Promise<HackdayRow | undefined> {
  return db.selectFrom('hackdays').selectAll().where('name', '=', name).executeTakeFirst();
}

/**
 * The HackDay running at `now` (the earliest started), if any. Every leaderboard request asks, so
 * the answer is kept for up to a second per database and second of `now` (as the board itself is
 * re-checked once a second); this process's HackDay writes forget it at once.
 */
export async function runningHackday(db: Db, now: string): Promise<HackdayRow | undefined> {
  const second = now.slice(0, 19);
  const hit = running.get(db);
  if (hit && hit.second === second && performance.now() - hit.at < RUNNING_RECHECK_MS) return hit.row;
  const row = await db.selectFrom('hackdays').selectAll().where('start', '<=', now).where('end', '>', now).orderBy('start').limit(1).executeTakeFirst();
  running.set(db, { second, at: performance.now(), row });
  return row;
}

const RUNNING_RECHECK_MS = 1000;
let running = new WeakMap<Db, { second: string; at: number; row: HackdayRow | undefined }>();
const forgetRunning = () => {
  running = new WeakMap();
};

export async function upsertHackday(db: Db, row: HackdayRow): Promise<void> {
  const { name: _name, ...rest } = row;
  await db.insertInto('hackdays').values(row).onConflict((oc) => oc.column('name').doUpdateSet(rest)).execute();
  forgetRunning();
}

export async function deleteHackdaysExcept(db: Db, source: string, keep: string[]): Promise<void> {
  let q = db.deleteFrom('hackdays').where('source', '=', source);
  if (keep.length > 0) q = q.where('name', 'not in', keep);
  await q.execute();
  forgetRunning();
}

/** Stores results once: only when none are stored yet, so the first freeze wins across processes. */
export async function freezeHackday(db: Db, name: string, results: string): Promise<boolean> {
  const res = await db.updateTable('hackdays').set({ frozen_results: results }).where('name', '=', name).where('frozen_results', 'is', null).executeTakeFirst();
  forgetRunning();
  return Number(res.numUpdatedRows) > 0;
}

