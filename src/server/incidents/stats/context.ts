// The `incidents` context provider: per entity, what its incidents left to do and how it fared —
// overdue follow-ups, resolved incidents of the last year with their postmortem's state and time
// to restore, and when each kind of drill last ran. For the `incidents` check and CEL. Drills'
// incidents never count as incidents here.
import type { ContextProvider } from '../../checks/index.ts';
import type { Db } from '../../platform/db/connect.ts';
import { finishedDrills } from '../drills/repository.ts';
import { overdueFollowUps, postmortemsOfIncidents } from '../learning/repository.ts';
import { today } from '../learning/postmortems.ts';
import { resolvedIncidentsSince } from './repository.ts';

const YEAR_MS = 365 * 86_400_000;
const MAX_LISTED = 20;

export interface IncidentFacts {
  overdueFollowUps: number;
  overdue: { id: string; title: string; kind: string; owner: string; dueDate: string; incident: string | null }[];
  resolved: { id: string; ref: string; title: string; severity: string; resolvedAt: string; toRestoreMinutes: number | null; postmortem: string }[];
  /** drill kind → ISO time of its latest finished drill on this entity. */
  lastDrill: Record<string, string>;
}

const empty = (): IncidentFacts => ({ overdueFollowUps: 0, overdue: [], resolved: [], lastDrill: {} });

export async function incidentFactsFor(db: Db, refs: readonly string[], now: Date): Promise<Map<string, IncidentFacts>> {
  const wanted = new Set(refs);
  const out = new Map<string, IncidentFacts>();
  const of = (ref: string) => out.get(ref) ?? out.set(ref, empty()).get(ref)!;
  const since = new Date(now.getTime() - YEAR_MS).toISOString();
  const [overdue, resolved, drills] = await Promise.all([overdueFollowUps(db, today(now)), resolvedIncidentsSince(db, since, refs), finishedDrills(db, new Date(now.getTime() - 2 * YEAR_MS).toISOString())]);
  for (const f of overdue) {
    for (const ref of (JSON.parse(f.services) as string[]).filter((r) => wanted.has(r))) {
      const facts = of(ref);
      facts.overdueFollowUps++;
      if (facts.overdue.length < MAX_LISTED) facts.overdue.push({ id: f.id, title: f.title, kind: f.kind, owner: f.owner, dueDate: f.due_date, incident: f.incident_id });
    }
  }
  const postmortems = new Map((await postmortemsOfIncidents(db, [...new Set(resolved.map((r) => r.id))])).map((p) => [p.incident_id, p.state]));
  for (const r of resolved.filter((x) => wanted.has(x.entity))) {
    const ttr = r.impact_started_at && r.resolved_at ? Math.round((Date.parse(r.resolved_at) - Date.parse(r.impact_started_at)) / 60_000) : null;
    of(r.entity).resolved.push({ id: r.id, ref: `INC-${r.number}`, title: r.title, severity: r.severity, resolvedAt: r.resolved_at!, toRestoreMinutes: ttr, postmortem: postmortems.get(r.id) ?? 'missing' });
  }
  for (const d of drills) {
    for (const ref of (JSON.parse(d.services) as string[]).filter((r) => wanted.has(r))) {
      const at = (JSON.parse(d.outcome ?? '{}') as { at?: string }).at ?? d.scheduled_at;
      const last = of(ref).lastDrill;
      if (!last[d.kind] || last[d.kind] < at) last[d.kind] = at;
    }
  }
  return out;
}

export const incidentsContext: ContextProvider<IncidentFacts> = {
  name: 'incidents',
  celType: 'map<string, dyn>',
  description: 'What the incident record says about the entity: overdue follow-ups, resolved incidents of the last year, the latest drills. Empty lists when there are none.',
  fields: {
    overdueFollowUps: 'open follow-ups past their due date, of postmortems that name the entity',
    overdue: 'up to 20 of them: id, title, kind, owner, dueDate, incident',
    resolved: 'real incidents resolved in the last 365 days: id, ref, title, severity, resolvedAt, toRestoreMinutes, postmortem (draft, published, missing)',
    lastDrill: 'drill kind (outage, hit-by-the-bus, restore, chat-down) → when its latest finished drill ran',
  },
  empty: empty(),
  load: (deps, catalog, refs) => incidentFactsFor(deps.db, refs ?? catalog.entities.map((e) => e.ref), deps.now),
  offlineReason: "incidents live in the server's database",
};
