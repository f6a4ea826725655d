// Semantic checks of a Policy document that zod's shapes cannot express: time zone, the six
// grade letters, window times and overlaps, freeze dates. Each returns Problems with fields.
import { DateTime, IANAZone } from 'luxon';
import { GRADES, isGrade } from '../../common/grades.ts';
import { problem, type Problem } from '../platform/problems.ts';
import { DAY_MINUTES, formatClock, formatDays, parseClock, parseDayItem, type DeployWindow } from './clock.ts';

type At = { file?: string; doc?: number };

export function checkTimeZone(zone: string, at: At): Problem[] {
  if (IANAZone.isValidZone(zone)) return [];
  return [problem(`unknown time zone "${zone}"; use an IANA name such as Europe/Amsterdam or UTC`, { ...at, field: 'spec.timeZone' })];
}

/** All six grades are required (a policy must say what every grade means); nothing else. */
export function checkGradeKeys(keys: string[], at: At): Problem[] {
  const out: Problem[] = [];
  for (const k of keys) {
    if (!isGrade(k)) out.push(problem(`unknown grade "${k}"; grades are ${GRADES.join(', ')}`, { ...at, field: `spec.grades.${k}` }));
  }
  const missing = GRADES.filter((g) => !keys.includes(g));
  if (missing.length > 0) out.push(problem(`grade${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing; a policy says what each of ${GRADES.join(', ')} means`, { ...at, field: 'spec.grades' }));
  return out;
}

export function describeWindow(w: DeployWindow): string {
  return `${formatDays(w.days)} ${formatClock(w.from)}-${formatClock(w.to)}`;
}

/** Parses the windows of one grade; pushes problems for bad days, times and overlaps. */
export function normalizeWindows(raw: { days: string[]; from: string; to: string }[], field: string, at: At, problems: Problem[]): { windows: DeployWindow[] } {
  const windows: DeployWindow[] = [];
  raw.forEach((r, i) => {
    const f = `${field}[${i}]`;
    const from = parseClock(r.from);
    const to = parseClock(r.to, true);
    if (from === undefined) problems.push(problem(`"${r.from}" is not a time; write HH:MM, 00:00–23:59`, { ...at, field: `${f}.from` }));
    if (to === undefined) problems.push(problem(`"${r.to}" is not a time; write HH:MM, 00:00–24:00`, { ...at, field: `${f}.to` }));
    if (from !== undefined && from === to) problems.push(problem(`from and to are both ${r.from}; a window needs a length (00:00–24:00 is the whole day)`, { ...at, field: `${f}.to` }));
    const days = parseDays(r.days, `${f}.days`, at, problems);
    if (from !== undefined && to !== undefined && days) windows.push({ days, from, to });
  });
  if (windows.length === raw.length) problems.push(...findOverlaps(windows, field, at));
  return { windows };
}

function parseDays(items: string[], field: string, at: At, problems: Problem[]): number[] | undefined {
  const days: number[] = [];
  let ok = true;
  items.forEach((item, j) => {
    const parsed = parseDayItem(item);
    if (!parsed) {
      ok = false;
      problems.push(problem(`"${item}" is not a day; write mon, tue, … sun or a range such as mon-fri`, { ...at, field: `${field}[${j}]` }));
      return;
    }
    for (const d of parsed) {
      if (days.includes(d)) {
        ok = false;
        problems.push(problem(`${formatDays([d])} is listed twice`, { ...at, field: `${field}[${j}]` }));
      } else days.push(d);
    }
  });
  return ok ? days : undefined;
}

const WEEK = 7 * DAY_MINUTES;

/** A window's stretches as minutes of the week (Monday 00:00 = 0), split where they wrap past Sunday. */
function weekIntervals(w: DeployWindow): [number, number][] {
  const out: [number, number][] = [];
  for (const d of w.days) {
    const start = (d - 1) * DAY_MINUTES + w.from;
    const end = (d - 1) * DAY_MINUTES + (w.to > w.from ? w.to : w.to + DAY_MINUTES);
    if (end <= WEEK) out.push([start, end]);
    else out.push([start, WEEK], [0, end - WEEK]);
  }
  return out;
}

/** Two windows of one grade must not overlap: the error names both and where they meet. */
function findOverlaps(windows: DeployWindow[], field: string, at: At): Problem[] {
  const out: Problem[] = [];
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const hit = firstOverlap(weekIntervals(windows[i]), weekIntervals(windows[j]));
      if (hit === undefined) continue;
      const day = Math.floor(hit / DAY_MINUTES) + 1;
      const msg = `windows[${i}] (${describeWindow(windows[i])}) and windows[${j}] (${describeWindow(windows[j])}) overlap on ${formatDays([day])} at ${formatClock(hit % DAY_MINUTES)}`;
      out.push(problem(msg, { ...at, field: `${field}[${j}]` }));
    }
  }
  return out;
}

function firstOverlap(a: [number, number][], b: [number, number][]): number | undefined {
  let first: number | undefined;
  for (const [s1, e1] of a) {
    for (const [s2, e2] of b) {
      if (s1 < e2 && s2 < e1) first = Math.min(first ?? Infinity, Math.max(s1, s2));
    }
  }
  return first;
}

/** Freeze dates are YYYY-MM-DD; `to` is inclusive and may equal `from` (a one-day freeze). */
export function checkFreezes(freezes: readonly { name: string; from: string; to: string }[], at: At): Problem[] {
  const out: Problem[] = [];
  const names = new Set<string>();
  freezes.forEach((f, i) => {
    const field = `spec.freezes[${i}]`;
    const from = checkDate(f.from, `${field}.from`, at, out);
    const to = checkDate(f.to, `${field}.to`, at, out);
    if (from && to && to < from) out.push(problem(`freeze ${f.name} ends (${f.to}) before it starts (${f.from})`, { ...at, field: `${field}.to` }));
    if (names.has(f.name)) out.push(problem(`freeze name ${f.name} is used twice`, { ...at, field: `${field}.name` }));
    names.add(f.name);
  });
  return out;
}

function checkDate(text: string, field: string, at: At, out: Problem[]): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid) return text;
  out.push(problem(`"${text}" is not a date; write YYYY-MM-DD`, { ...at, field }));
  return undefined;
}
