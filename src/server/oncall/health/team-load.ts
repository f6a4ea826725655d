// Load and fatigue per team, purely: the team's rotations' loads (health/facts.ts) added up —
// pages per week, off-hours pages, time to ACK, escalations, hours on call per person per month,
// the noisiest alerts — with the pages week by week and each person's share, for the charts.
import type { Override, Rotation } from '../rotation/document.ts';
import type { PageRow } from '../tables.ts';
import { rotationLoad, type RotationLoad } from './facts.ts';

const DAY = 86_400_000;

export interface TeamLoad {
  team: string;
  windowDays: number;
  rotations: RotationLoad[];
  pages: number;
  pagesPerWeek: number;
  offHoursPages: number;
  escalations: number;
  medianMinutesToAck: number | null;
  /** Hours on call per person, scaled to 30 days. */
  hoursOnCallPerMonth: number;
  perPerson: { user: string; pages: number; offHours: number; hoursOnCall: number; hoursPerMonth: number; medianMinutesToAck: number | null }[];
  /** Alert pages per 7 days, oldest first (the last week may be shorter). */
  weekly: { start: string; pages: number; offHours: number }[];
  noisiest: { title: string; pages: number }[];
}

export function teamLoad(team: string, rotations: readonly { rotation: Rotation; overrides: readonly Override[] }[], pages: readonly PageRow[], now: number, windowDays: number): TeamLoad {
  const from = now - windowDays * DAY;
  const names = new Set(rotations.map((r) => r.rotation.name));
  const alerts = pages.filter((p) => names.has(p.rotation) && p.origin !== 'shift-start' && Date.parse(p.triggered_at) >= from);
  const loads = rotations.map((r) => rotationLoad(r.rotation, r.overrides, pages, now, windowDays));
  const perMonth = (h: number) => round((h * 30) / windowDays);
  const people = new Map<string, { pages: number; offHours: number; hoursOnCall: number; acks: number[] }>();
  const of = (u: string) => people.get(u) ?? people.set(u, { pages: 0, offHours: 0, hoursOnCall: 0, acks: [] }).get(u)!;
  for (const l of loads) for (const p of l.perPerson) of(p.user).hoursOnCall += p.hoursOnCall;
  for (const p of alerts) {
    for (const u of JSON.parse(p.assignees) as string[]) {
      const v = of(u);
      v.pages++;
      if (p.off_hours) v.offHours++;
      if (p.acknowledged_at) v.acks.push(minutesToAck(p));
    }
  }
  const noisy = new Map<string, number>();
  for (const p of alerts) noisy.set(p.title, (noisy.get(p.title) ?? 0) + 1);
  const weeks = Math.ceil(windowDays / 7);
  const weekly = Array.from({ length: weeks }, (_, i) => ({ start: new Date(from + i * 7 * DAY).toISOString(), pages: 0, offHours: 0 }));
  for (const p of alerts) {
    const w = weekly[Math.min(weeks - 1, Math.floor((Date.parse(p.triggered_at) - from) / (7 * DAY)))]!;
    w.pages++;
    if (p.off_hours) w.offHours++;
  }
  const perPerson = [...people].map(([user, v]) => ({ user, pages: v.pages, offHours: v.offHours, hoursOnCall: round(v.hoursOnCall), hoursPerMonth: perMonth(v.hoursOnCall), medianMinutesToAck: median(v.acks) }));
  return {
    team, windowDays, rotations: loads,
    pages: alerts.length, pagesPerWeek: round((alerts.length * 7) / windowDays), offHoursPages: alerts.filter((p) => p.off_hours === 1).length,
    escalations: alerts.reduce((n, p) => n + p.escalations, 0), medianMinutesToAck: median(alerts.filter((p) => p.acknowledged_at).map(minutesToAck)),
    hoursOnCallPerMonth: perPerson.length ? round(perPerson.reduce((n, p) => n + p.hoursPerMonth, 0) / perPerson.length) : 0,
    perPerson: perPerson.sort((a, b) => b.pages - a.pages || b.hoursOnCall - a.hoursOnCall || a.user.localeCompare(b.user)),
    weekly,
    noisiest: [...noisy].map(([title, n]) => ({ title, pages: n })).sort((a, b) => b.pages - a.pages || a.title.localeCompare(b.title)).slice(0, 10),
  };
}

const minutesToAck = (p: PageRow) => (Date.parse(p.acknowledged_at!) - Date.parse(p.triggered_at)) / 60_000;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return round(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2);
}
const round = (n: number) => Math.round(n * 100) / 100;
