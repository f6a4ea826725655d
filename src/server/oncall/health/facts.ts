// Rotation health and load, purely: for each rotation over a window ahead (people, gaps, shifts
// per person, people also on call on another rotation at the same moment) and a window behind
// (pages, off-hours pages, escalations, time to ACK, shift-start ACK rate, hours on call, the
// noisiest alerts). The `oncall` context provider and the statistics API read these.
import type { Override, Rotation } from '../rotation/document.ts';
import { gapsIn, shiftsBetween, type Segment } from '../rotation/schedule.ts';
import type { PageRow } from '../tables.ts';

const DAY = 86_400_000;
export const AHEAD_DAYS = 28;

export interface RotationHealth {
  rotation: string;
  people: number;
  members: string[];
  /** Uncovered stretches in the next 28 days. */
  gaps: { start: string; end: string }[];
  gapHours: number;
  /** Shifts each person has in the next 28 days; the most loaded first. */
  shiftsPerPerson: { user: string; shifts: number; hours: number }[];
  /** Moments in the next 28 days when a person of this rotation is also on call on another. */
  doubleBooked: { user: string; other: string; start: string; end: string }[];
}

export interface RotationLoad {
  rotation: string;
  windowDays: number;
  pages: number;
  pagesPerWeek: number;
  offHoursPages: number;
  escalations: number;
  /** Median minutes from trigger to ACK, of ACKed pages. */
  medianMinutesToAck: number | null;
  shiftStarts: number;
  /** ACKed share of shift-start pages (null when there were none). */
  shiftStartAckRate: number | null;
  shiftStartMedianMinutesToAck: number | null;
  /** Alert pages per shift that ended in the window. */
  pagesPerShift: number | null;
  perPerson: { user: string; pages: number; offHours: number; hoursOnCall: number }[];
  noisiest: { title: string; pages: number }[];
}

export function rotationHealth(rotation: Rotation, overrides: readonly Override[], others: readonly { rotation: Rotation; overrides: readonly Override[] }[], now: number): RotationHealth {
  const to = now + AHEAD_DAYS * DAY;
  const mine = shiftsBetween(rotation, overrides, now, to);
  const gaps = gapsIn(mine, now, to);
  const per = new Map<string, { shifts: number; hours: number }>();
  for (const s of mine) {
    const p = per.get(s.user) ?? { shifts: 0, hours: 0 };
    p.shifts++;
    p.hours += (Math.min(s.end, to) - Math.max(s.start, now)) / 3_600_000;
    per.set(s.user, p);
  }
  const members = [...new Set(rotation.layers.flatMap((l) => l.members))];
  const doubleBooked: RotationHealth['doubleBooked'] = [];
  for (const o of others) {
    if (o.rotation.name === rotation.name) continue;
    const theirs = shiftsBetween(o.rotation, o.overrides, now, to);
    for (const a of mine) for (const b of theirs) if (a.user === b.user && a.start < b.end && b.start < a.end && doubleBooked.length < 50) doubleBooked.push({ user: a.user, other: o.rotation.name, start: iso(Math.max(a.start, b.start)), end: iso(Math.min(a.end, b.end)) });
  }
  return {
    rotation: rotation.name, people: members.length, members,
    gaps: gaps.map((g) => ({ start: iso(g.start), end: iso(g.end) })), gapHours: round(gaps.reduce((n, g) => n + (g.end - g.start), 0) / 3_600_000),
    shiftsPerPerson: [...per].map(([user, p]) => ({ user, shifts: p.shifts, hours: round(p.hours) })).sort((a, b) => b.shifts - a.shifts || b.hours - a.hours || a.user.localeCompare(b.user)),
    doubleBooked,
  };
}

export function rotationLoad(rotation: Rotation, overrides: readonly Override[], pages: readonly PageRow[], now: number, windowDays: number): RotationLoad {
  const from = now - windowDays * DAY;
  const mine = pages.filter((p) => p.rotation === rotation.name && Date.parse(p.triggered_at) >= from);
  const alerts = mine.filter((p) => p.origin !== 'shift-start');
  const starts = mine.filter((p) => p.origin === 'shift-start');
  const minutesToAck = (ps: readonly PageRow[]) => median(ps.filter((p) => p.acknowledged_at).map((p) => (Date.parse(p.acknowledged_at!) - Date.parse(p.triggered_at)) / 60_000));
  const shifts: Segment[] = shiftsBetween(rotation, overrides, from, now);
  const ended = shifts.filter((s) => s.end <= now && s.start >= from).length;
  const person = new Map<string, { pages: number; offHours: number; hoursOnCall: number }>();
  const of = (u: string) => person.get(u) ?? person.set(u, { pages: 0, offHours: 0, hoursOnCall: 0 }).get(u)!;
  for (const s of shifts) of(s.user).hoursOnCall += (Math.min(s.end, now) - Math.max(s.start, from)) / 3_600_000;
  for (const p of alerts) {
    for (const u of JSON.parse(p.assignees) as string[]) {
      of(u).pages++;
      if (p.off_hours) of(u).offHours++;
    }
  }
  const noisy = new Map<string, number>();
  for (const p of alerts) noisy.set(p.title, (noisy.get(p.title) ?? 0) + 1);
  return {
    rotation: rotation.name, windowDays, pages: alerts.length, pagesPerWeek: round((alerts.length * 7) / windowDays), offHoursPages: alerts.filter((p) => p.off_hours === 1).length,
    escalations: alerts.reduce((n, p) => n + p.escalations, 0), medianMinutesToAck: minutesToAck(alerts),
    shiftStarts: starts.length, shiftStartAckRate: starts.length ? round(starts.filter((p) => p.acknowledged_at).length / starts.length) : null, shiftStartMedianMinutesToAck: minutesToAck(starts),
    pagesPerShift: ended ? round(alerts.length / ended) : null,
    perPerson: [...person].map(([user, v]) => ({ user, pages: v.pages, offHours: v.offHours, hoursOnCall: round(v.hoursOnCall) })).sort((a, b) => b.pages - a.pages || b.hoursOnCall - a.hoursOnCall || a.user.localeCompare(b.user)),
    noisiest: [...noisy].map(([title, n]) => ({ title, pages: n })).sort((a, b) => b.pages - a.pages || a.title.localeCompare(b.title)).slice(0, 10),
  };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return round(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2);
}
const round = (n: number) => Math.round(n * 100) / 100;
const iso = (ms: number) => new Date(ms).toISOString();
