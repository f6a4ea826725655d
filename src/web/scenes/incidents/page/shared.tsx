// What every card of the incident page shares: the incident key, whether the reader may edit,
// and a write helper that shows the server's refusal (e.g. a 409 naming what is missing) inline.
import { createContext, useContext } from 'react';
import { useIncidentWrite } from '../../../api/incidents.ts';

export interface PageCtx {
  incidentKey: string;
  editable: boolean;
}

export const IncidentContext = createContext<PageCtx>({ incidentKey: '', editable: false });
export const useIncident = () => useContext(IncidentContext);

export function useWrite<T = unknown>() {
  const { incidentKey } = useIncident();
  return useIncidentWrite<T>(incidentKey);
}

export function WriteError({ error }: { error: unknown }) {
  if (!error) return null;
  return <p className="field-error" role="alert">{(error as Error).message}</p>;
}

export function ReadOnlyNote() {
  const { editable } = useIncident();
  return editable ? null : <p className="muted small">Sign in with an editor token to change this.</p>;
}
