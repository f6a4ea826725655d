// What closing an incident still needs. A real incident: its postmortem published, and follow-ups
// (or an explicit "none needed"). A drill: its outcome recorded (a drill's learning is its facts).
import type { Db } from '../../platform/db/connect.ts';
import { drillById } from '../drills/repository.ts';
import type { IncidentRow } from '../tables.ts';
import { closeBlockers } from './postmortems.ts';

export async function whatClosingNeeds(db: Db, incident: IncidentRow): Promise<string[]> {
  if (!incident.drill_id) return closeBlockers(db, incident);
  const drill = await drillById(db, incident.drill_id);
  return drill?.outcome ? [] : ['the drill outcome (POST /api/v1/incidents/drills/{id}/outcome)'];
}
