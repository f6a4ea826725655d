// Finding an incident by what users type: its id, `42`, or `INC-42`.
import type { Db } from '../../platform/db/connect.ts';
import { NotFoundError } from '../../platform/problems.ts';
import type { IncidentRow } from '../tables.ts';
import { findIncidentRow } from './repository.ts';

export function parseIncidentKey(key: string): { id?: string; number?: number } {
  const m = /^(?:INC-?)?(\d{1,9})$/i.exec(key.trim());
  return m ? { number: Number(m[1]) } : { id: key.trim() };
}

export async function loadIncident(db: Db, key: string): Promise<IncidentRow> {
  const row = await findIncidentRow(db, parseIncidentKey(key));
  if (!row) throw new NotFoundError(`no incident ${key}`);
  return row;
}

export const incidentRef = (row: Pick<IncidentRow, 'number'>): string => `INC-${row.number}`;
