// The SQL behind incident statistics and the `incidents` check: set-based, one query per kind of
// question for all the entities asked about. Drills are left out of every figure.
import type { Db } from '../../platform/db/connect.ts';
import type { IncidentRow } from '../tables.ts';

const IN_CHUNK = 500;
export type EntityIncident = Pick<IncidentRow, 'id' | 'number' | 'title' | 'severity' | 'state' | 'impact_started_at' | 'detected_at' | 'declared_at' | 'mitigated_at' | 'resolved_at'> & { entity: string };

const COLUMNS = ['i.id', 'i.number', 'i.title', 'i.severity', 'i.state', 'i.impact_started_at', 'i.detected_at', 'i.declared_at', 'i.mitigated_at', 'i.resolved_at', 's.entity'] as const;

/** Real (not drill) incidents of these entities declared in [from, to), one row per (incident, entity). */
export async function incidentsOfEntities(db: Db, refs: readonly string[], from: string, to: string): Promise<EntityIncident[]> {
  const out: EntityIncident[] = [];
  for (let i = 0; i < refs.length; i += IN_CHUNK) {
    out.push(
      ...(await db
        .selectFrom('incident_services as s')
        .innerJoin('incidents as i', 'i.id', 's.incident_id')
        .select(COLUMNS)
        .where('s.entity', 'in', refs.slice(i, i + IN_CHUNK))
        .where('s.declared_at', '>=', from)
        .where('s.declared_at', '<', to)
        .where('i.drill_id', 'is', null)
        .execute()),
    );
  }
  return out;
}

/** Every real incident resolved at or after `since` (for the check's context), one row per (incident, entity). */
export async function resolvedIncidentsSince(db: Db, since: string, refs?: readonly string[]): Promise<EntityIncident[]> {
  let q = db.selectFrom('incident_services as s').innerJoin('incidents as i', 'i.id', 's.incident_id').select(COLUMNS).where('i.resolved_at', '>=', since).where('i.drill_id', 'is', null);
  if (refs && refs.length <= IN_CHUNK) q = q.where('s.entity', 'in', refs.length ? [...refs] : ['']);
  return q.limit(100_000).execute();
}
