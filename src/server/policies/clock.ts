// Wall-clock vocabulary of deploy windows: weekdays, `HH:MM` times and their display forms.
// Days are numbered like luxon's `weekday`: 1 = Monday … 7 = Sunday.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const DISPLAY_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** One deploy window: on each listed day from `from` until `to` (minutes after local midnight). */
export interface DeployWindow {
  /** 1 = Monday … 7 = Sunday. */
  days: number[];
  from: number;
  /** `to < from`: overnight, ends the next day. `to === 1440`: until midnight (`24:00`). */
  to: number;
}

/** Minutes in a day; also the value of `24:00`, the only way to say "until midnight". */
export const DAY_MINUTES = 1440;

/** Parses `HH:MM` (00:00–23:59; `24:00` only when `allowMidnightEnd`) to minutes after midnight. */
export function parseClock(text: string, allowMidnightEnd = false): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (allowMidnightEnd && h === 24 && min === 0) return DAY_MINUTES;
  if (h > 23 || min > 59) return undefined;
  return h * 60 + min;
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * Expands a day item — `mon` or a range `mon-fri` (ranges may wrap: `fri-mon`) — into day
 * numbers 1–7. Undefined when the text is neither.
 */
export function parseDayItem(text: string): number[] | undefined {
  const parts = text.trim().toLowerCase().split('-');
  if (parts.length > 2) return undefined;
  const nums = parts.map((p) => WEEKDAYS.indexOf(p as Weekday) + 1);
  if (nums.some((n) => n === 0)) return undefined;
  if (nums.length === 1) return nums;
  const out: number[] = [];
  for (let d = nums[0]; ; d = (d % 7) + 1) {
    out.push(d);
    if (d === nums[1]) return out;
  }
}

/** Compact lower-case form for rules: `[1,2,3,4,5]` → `mon-fri`, `[2,3,6]` → `tue-wed,sat`. */
export function formatDays(days: number[], style: 'rule' | 'display' = 'rule'): string {
  const names = style === 'rule' ? WEEKDAYS : DISPLAY_DAYS;
  const dash = style === 'rule' ? '-' : '–';
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else runs.push([d]);
  }
  return runs
    .map((r) => (r.length === 1 ? names[r[0] - 1] : `${names[r[0] - 1]}${dash}${names[r[r.length - 1] - 1]}`))
    .join(style === 'rule' ? ',' : ', ');
}

/** The day after `day` (Sunday → Monday). */
export const nextDay = (day: number): number => (day % 7) + 1;
