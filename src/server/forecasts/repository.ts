// The only SQL of the forecasts module: stored usage samples and sent warnings.
import type { Db } from '../platform/db/connect.ts';
import type { Series } from './methods/series.ts';

const CHUNK = 500;

/** Replaces the stored samples of a resource (in the caller's transaction). */
export async function replaceSamples(db: Db, resource: string, s: Series): Promise<void> {
  await db.deleteFrom('forecast_samples').where('resource', '=', resource).execute();
  for (let i = 0; i < s.t.length; i += CHUNK) {
    const rows = [];
    for (let j = i; j < Math.min(s.t.length, i + CHUNK); j++) rows.push({ resource, at: new Date(s.t[j]).toISOString(), value: Number.isNaN(s.v[j]) ? null : s.v[j] });
    await db.insertInto('forecast_samples').values(rows).execute();
  }
}

/** The samples of a resource in [from, to], in time order. */
export async function loadSamples(db: Db, resource: string, from: Date, to: Date): Promise<Series> {
  const rows = await db.selectFrom('forecast_samples').select(['at', 'value']).where('resource', '=', resource).where('at', '>=', from.toISOString()).where('at', '<=', to.toISOString()).orderBy('at').execute();
  return { t: Float64Array.from(rows, (r) => Date.parse(r.at)), v: Float64Array.from(rows, (r) => (r.value === null ? NaN : Number(r.value))) };
}

export async function countSamples(db: Db, resource?: string): Promise<number> {
  let q = db.selectFrom('forecast_samples').select((eb) => eb.fn.countAll<number>().as('n'));
  if (resource) q = q.where('resource', '=', resource);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function warningSent(db: Db, resource: string): Promise<string | undefined> {
  return (await db.selectFrom('forecast_warnings').select('pessimistic_at').where('resource', '=', resource).executeTakeFirst())?.pessimistic_at;
}

export async function recordWarning(db: Db, resource: string, pessimisticAt: string, now: Date): Promise<void> {
  await db.deleteFrom('forecast_warnings').where('resource', '=', resource).execute();
  await db.insertInto('forecast_warnings').values({ resource, pessimistic_at: pessimisticAt, sent_at: now.toISOString() }).execute();
}

export async function clearWarning(db: Db, resource: string): Promise<void> {
  await db.deleteFrom('forecast_warnings').where('resource', '=', resource).execute();
}

/** Adds one sample (an existing one at the same time is kept). */
export async function addSample(db: Db, resource: string, at: string, value: number): Promise<boolean> {
  const seen = await db.selectFrom('forecast_samples').select('at').where('resource', '=', resource).where('at', '=', at).executeTakeFirst();
  if (seen) return false;
  await db.insertInto('forecast_samples').values({ resource, at, value: Number.isNaN(value) ? null : value }).execute();
  return true;
}
