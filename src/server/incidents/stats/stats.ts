// Incident statistics per service and team: incidents by severity, minutes to detect, mitigate
// and resolve (median and p90), and one bucket per week for the charts. Drills are left out.
import type { StatsView } from '../../../common/api/incidents-learning.ts';
import type { Db } from '../../platform/db/connect.ts';
import { incidentsOfEntities, type EntityIncident } from './repository.ts';

const WEEK_MS = 7 * 86_400_000;
const MINUTE = 60_000;

/** Nearest-rank percentile of a sorted list. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function figure(values: number[]): { median: number; p90: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

const minutes = (from: string | null, to: string | null): number | undefined => (from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / MINUTE)) : undefined);
const defined = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => x !== undefined);

export function summarize(incidents: readonly EntityIncident[], period: { from: Date; to: Date }): Omit<StatsView, 'scope'> {
  const unique = [...new Map(incidents.map((i) => [i.id, i])).values()];
  const bySeverity: Record<string, number> = {};
  for (const i of unique) bySeverity[i.severity] = (bySeverity[i.severity] ?? 0) + 1;
  const weeks: StatsView['weeks'] = [];
  for (let t = period.from.getTime(); t < period.to.getTime(); t += WEEK_MS) {
    const inWeek = unique.filter((i) => Date.parse(i.declared_at) >= t && Date.parse(i.declared_at) < t + WEEK_MS);
    const sev: Record<string, number> = {};
    for (const i of inWeek) sev[i.severity] = (sev[i.severity] ?? 0) + 1;
    weeks.push({ start: new Date(t).toISOString(), bySeverity: sev, toResolveMedian: figure(defined(inWeek.map((i) => minutes(i.impact_started_at, i.resolved_at))))?.median ?? null });
  }
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    count: unique.length,
    bySeverity,
    minutes: {
      toDetect: figure(defined(unique.map((i) => minutes(i.impact_started_at, i.detected_at)))),
      toMitigate: figure(defined(unique.map((i) => minutes(i.impact_started_at, i.mitigated_at)))),
      toResolve: figure(defined(unique.map((i) => minutes(i.impact_started_at, i.resolved_at)))),
    },
    weeks,
  };
}

export async function incidentStats(db: Db, scope: StatsView['scope'], period: { from: Date; to: Date }): Promise<StatsView> {
  const rows = await incidentsOfEntities(db, scope.services, period.from.toISOString(), period.to.toISOString());
  return { scope, ...summarize(rows, period) };
}
