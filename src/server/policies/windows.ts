// Deploy-window arithmetic, DST-correct, with luxon.
//
// Semantics (docs/policies.md): a window is defined on the wall clock of the policy's time
// zone. An instant is inside a window when the local clock at that instant reads a weekday
// and time inside it. So on a spring-forward day a window from 02:00 opens at 03:00 (the clock
// never reads 02:xx), and on a fall-back day the repeated hour is inside a window twice.
// Freezes run from local midnight of `from` to local midnight after `to` (both dates inclusive).
import { DateTime } from 'luxon';
import type { Grade } from '../../common/grades.ts';
import { DAY_MINUTES, nextDay } from './clock.ts';
import type { DeployRule, DeployWindow, Freeze } from './document.ts';

/** How far ahead `nextWindowStart` looks before answering null. */
export const SEARCH_DAYS = 366;
const HOUR_MS = 3_600_000;

function localClock(at: Date, zone: string): { day: number; minute: number } {
  const t = DateTime.fromJSDate(at, { zone });
  return { day: t.weekday, minute: t.hour * 60 + t.minute };
}

function windowContains(w: DeployWindow, day: number, minute: number): boolean {
  if (w.to > w.from) return w.days.includes(day) && minute >= w.from && minute < w.to;
  // Overnight: starts on a listed day, ends the next morning.
  return (w.days.includes(day) && minute >= w.from) || (w.days.some((d) => nextDay(d) === day) && minute < w.to);
}

/** Whether the rule lets a deploy happen at `at` (freezes aside). */
export function isWithinWindows(rule: DeployRule, at: Date, zone: string): boolean {
  if (rule === 'always') return true;
  if (rule === 'never') return false;
  const { day, minute } = localClock(at, zone);
  return rule.windows.some((w) => windowContains(w, day, minute));
}

/** The instants a freeze covers: [local midnight of `from`, local midnight after `to`). */
export function freezeInterval(f: Freeze, zone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(f.from, { zone }).startOf('day');
  const end = DateTime.fromISO(f.to, { zone }).startOf('day').plus({ days: 1 });
  return { start: start.toJSDate(), end: end.toJSDate() };
}

const appliesTo = (f: Freeze, grade: Grade | null): boolean => grade === null || !f.exempt.includes(grade);

/** The first freeze in effect at `at` that the grade is not exempt from (null grade: never exempt). */
export function activeFreeze(freezes: Freeze[], grade: Grade | null, at: Date, zone: string): Freeze | null {
  for (const f of freezes) {
    if (!appliesTo(f, grade)) continue;
    const { start, end } = freezeInterval(f, zone);
    if (at >= start && at < end) return f;
  }
  return null;
}

/** Whether a deploy is allowed at `at` by windows and freezes. */
export function isDeployOpen(rule: DeployRule, freezes: Freeze[], grade: Grade | null, at: Date, zone: string): boolean {
  return isWithinWindows(rule, at, zone) && activeFreeze(freezes, grade, at, zone) === null;
}

/**
 * The earliest instant >= `at` at which a deploy is allowed (windows and freezes), or null when
 * there is none within SEARCH_DAYS (always for `never`). Returns `at` itself when open now.
 *
 * Every stretch of allowed time begins at `at`, at a window's start, or at a freeze's end, so
 * testing those candidates in order finds the answer. A window start in a repeated (fall-back)
 * hour has two instants; luxon gives the later one, so the hour before is a candidate too. On
 * days the offset changes, the clock jumps, so each full hour of the day is a candidate as well.
 */
export function nextWindowStart(rule: DeployRule, freezes: Freeze[], grade: Grade | null, at: Date, zone: string): Date | null {
  if (rule === 'never') return null;
  const from = at.getTime();
  const limit = DateTime.fromJSDate(at, { zone }).plus({ days: SEARCH_DAYS }).toMillis();
  const pending: number[] = [from];
  for (const f of freezes) if (appliesTo(f, grade)) pending.push(freezeInterval(f, zone).end.getTime());
  const open = (t: number) => t >= from && t <= limit && isDeployOpen(rule, freezes, grade, new Date(t), zone);
  const first = DateTime.fromJSDate(at, { zone }).startOf('day');
  // Day by day, so the common answer (within days) costs days, not a year. Candidates of later
  // days are never earlier than their local midnight minus an hour, so those below that are final.
  for (let i = 0; i <= SEARCH_DAYS && rule !== 'always'; i++) {
    const date = first.plus({ days: i });
    pending.push(...dayCandidates(rule.windows, date, zone));
    pending.sort((a, b) => a - b);
    const settled = date.plus({ days: 1 }).toMillis() - HOUR_MS;
    while (pending.length > 0 && pending[0] < settled) {
      const t = pending.shift() as number;
      if (open(t)) return new Date(t);
    }
  }
  const found = pending.sort((a, b) => a - b).find(open);
  return found === undefined ? null : new Date(found);
}

/** Candidate start instants of the windows on one local day. */
function dayCandidates(windows: DeployWindow[], date: DateTime, zone: string): number[] {
  const out: number[] = [];
  if (date.offset !== date.endOf('day').offset) {
    for (let h = 0; h <= 25; h++) out.push(date.toMillis() + h * HOUR_MS);
  }
  for (const w of windows) {
    if (!w.days.includes(date.weekday) || w.from >= DAY_MINUTES) continue;
    const start = DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day, hour: Math.floor(w.from / 60), minute: w.from % 60 },
      { zone },
    ).toMillis();
    out.push(start, start - HOUR_MS);
  }
  return out;
}
