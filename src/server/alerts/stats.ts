// Alert statistics and fatigue, pure: from the samples of Prometheus's `ALERTS{alertstate="firing"}`
// (a query_range at one step) and from Tally's own pages. A series firing at consecutive steps is
// one firing; a gap longer than a step ends it (Prometheus writes a staleness marker when an alert
// resolves). A firing already under way at the window's start is counted in the time firing, not
// as a firing: its start is not in the window. A flap is a firing that starts within `flapSeconds`
// of the same series' previous resolve.
import type { AlertStat, AlertStatsReport } from '../../common/api/alerts.ts';
import type { PromSeries } from '../checks/index.ts';

/** A page Tally sent, as the statistics need it (oncall's read model). */
export interface AlertPage {
  alert: string;
  service: string | null;
  triggeredAt: string;
  acknowledged: boolean;
  offHours: boolean;
  assignees: string[];
}

export interface StatsWindow {
  start: number;
  end: number;
  step: number;
  flapSeconds: number;
}

interface Interval {
  from: number;
  to: number;
}

/** The runs of consecutive steps of one series' samples (unix seconds). */
export function firingIntervals(samples: readonly [number, number][], step: number): Interval[] {
  const out: Interval[] = [];
  for (const [t] of samples) {
    const last = out[out.length - 1];
    if (last && t - last.to <= step * 1.001) last.to = t;
    else out.push({ from: t, to: t });
  }
  return out;
}

const DAY = 86_400;

function blank(alert: string, days: number): AlertStat {
  return { alert, service: null, team: null, severity: null, series: 0, firings: 0, firingsPerWeek: 0, flaps: 0, secondsFiring: 0, pages: 0, acknowledged: 0, neverAcknowledged: 0, notActionable: false, woke: [], daily: new Array(days).fill(0) };
}

export function alertStats(series: readonly PromSeries[], pages: readonly AlertPage[], w: StatsWindow): AlertStatsReport {
  const days = Math.max(1, Math.ceil((w.end - w.start) / DAY));
  const byName = new Map<string, AlertStat>();
  const get = (name: string) => byName.get(name) ?? byName.set(name, blank(name, days)).get(name)!;
  for (const s of series) {
    const stat = get(s.labels.alertname ?? '(no alertname)');
    stat.series += 1;
    stat.service ??= s.labels.service ?? s.labels.component ?? null;
    stat.team ??= s.labels.team ?? s.labels.owner ?? null;
    stat.severity ??= s.labels.severity ?? null;
    let previousEnd: number | undefined;
    for (const i of firingIntervals(s.samples, w.step)) {
      stat.secondsFiring += i.to - i.from + w.step;
      if (i.from > w.start) {
        stat.firings += 1;
        stat.daily[Math.min(days - 1, Math.floor((i.from - w.start) / DAY))] += 1;
        if (previousEnd !== undefined && i.from - (previousEnd + w.step) <= w.flapSeconds) stat.flaps += 1;
      }
      previousEnd = i.to;
    }
  }
  const woke = new Map<string, Map<string, { pages: number; offHours: number }>>();
  for (const p of pages) {
    const stat = get(p.alert);
    stat.pages += 1;
    if (p.acknowledged) stat.acknowledged += 1;
    const people = woke.get(p.alert) ?? woke.set(p.alert, new Map()).get(p.alert)!;
    for (const u of p.assignees) {
      const c = people.get(u) ?? people.set(u, { pages: 0, offHours: 0 }).get(u)!;
      c.pages += 1;
      if (p.offHours) c.offHours += 1;
    }
  }
  const weeks = (w.end - w.start) / (7 * DAY);
  const alerts = [...byName.values()].map((a) => ({
    ...a,
    firingsPerWeek: Math.round((a.firings / weeks) * 100) / 100,
    neverAcknowledged: a.pages - a.acknowledged,
    notActionable: a.pages > 0 && a.acknowledged === 0,
    woke: [...(woke.get(a.alert) ?? new Map<string, { pages: number; offHours: number }>())].map(([user, c]) => ({ user, ...c })).sort((x, y) => y.pages - x.pages || x.user.localeCompare(y.user)),
  }));
  alerts.sort((x, y) => y.firings + y.pages - (x.firings + x.pages) || y.secondsFiring - x.secondsFiring || x.alert.localeCompare(y.alert));
  return {
    from: new Date(w.start * 1000).toISOString(),
    to: new Date(w.end * 1000).toISOString(),
    stepSeconds: w.step,
    summary: { alerts: alerts.length, firings: alerts.reduce((n, a) => n + a.firings, 0), pages: pages.length, flapping: alerts.filter((a) => a.flaps > 0).length, notActionable: alerts.filter((a) => a.notActionable).length },
    alerts,
  };
}
