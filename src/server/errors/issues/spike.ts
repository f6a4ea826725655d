// The first error spike of some services: the earliest minute in a window when their errors rose
// well above their own normal — the incidents domain offers it as a candidate for when impact
// started. Exact per-minute counts (error_minutes), no sampling.
import type { Db } from '../../platform/db/connect.ts';

const MINUTE_MS = 60_000;
const BASELINE_MS = 24 * 3_600_000;
/** A spike: at least this many events in a minute … */
export const SPIKE_MIN_EVENTS = 5;
/** … and this many times the mean per minute over the day before the window. */
export const SPIKE_FACTOR = 3;

export interface ErrorSpike {
  /** The minute's start, ISO 8601. */
  at: string;
  count: number;
  /** Mean events per minute over the day before the window. */
  baseline: number;
}

const minuteOf = (d: Date) => d.toISOString().slice(0, 16);

export async function firstErrorSpike(db: Db, entities: readonly string[], from: Date, to: Date): Promise<ErrorSpike | null> {
  if (!entities.length || to < from) return null;
  const rows = await db
    .selectFrom('error_minutes as m')
    .innerJoin('error_issues as i', 'i.id', 'm.issue_id')
    .select(['m.minute as minute', (eb) => eb.fn.sum<number | string>('m.count').as('count')])
    .where('i.entity', 'in', [...entities])
    .where('m.minute', '>=', minuteOf(new Date(from.getTime() - BASELINE_MS)))
    .where('m.minute', '<=', minuteOf(to))
    .groupBy('m.minute')
    .orderBy('m.minute')
    .execute();
  const start = minuteOf(from);
  const before = rows.filter((r) => r.minute < start).reduce((sum, r) => sum + Number(r.count), 0);
  const baseline = before / (BASELINE_MS / MINUTE_MS);
  const threshold = Math.max(SPIKE_MIN_EVENTS, SPIKE_FACTOR * baseline);
  const spike = rows.find((r) => r.minute >= start && Number(r.count) >= threshold);
  return spike ? { at: new Date(`${spike.minute}:00Z`).toISOString(), count: Number(spike.count), baseline } : null;
}
