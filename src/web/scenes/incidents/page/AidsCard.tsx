// Mitigation aids per affected service: status fetched live, runtime controls (using one is
// recorded in the timeline), runbook and dashboard, the blast radius, and the checklist.
import { useState } from 'react';
import { useAids, useServiceStatus } from '../../../api/incidents.ts';
import { Card } from '../../../components/Section.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { shortRef } from '../format.ts';
import { useIncident, useWrite, WriteError } from './shared.tsx';

function LiveStatus({ service }: { service: string }) {
  const { incidentKey } = useIncident();
  const [asked, setAsked] = useState(false);
  const status = useServiceStatus(incidentKey, asked ? service : null);
  if (!asked) return <button type="button" className="button button-small" onClick={() => setAsked(true)}>Fetch status now</button>;
  if (status.isPending) return <span className="muted small">fetching…</span>;
  if (status.isError) return <span className="field-error">{(status.error as Error).message}</span>;
  const s = status.data;
  return (
    <div className="small">
      <span className={s.ok ? 'ok-text' : 'warning-text'}>{s.status ?? 'no answer'}{s.latencyMs !== null ? ` in ${s.latencyMs} ms` : ''}</span>{s.error ? ` — ${s.error}` : ''}
      {s.body && <pre className="status-body">{s.body}</pre>}
      <button type="button" className="link-button small" onClick={() => void status.refetch()}>refresh</button>
    </div>
  );
}

export function AidsCard() {
  const { incidentKey, editable } = useIncident();
  const aids = useAids(incidentKey);
  const write = useWrite();
  if (aids.isPending) return <Card title="Mitigation aids"><Loading rows={3} /></Card>;
  if (aids.isError) return <Card title="Mitigation aids"><ErrorState error={aids.error} /></Card>;
  return (
    <Card title="Mitigation aids">
      {aids.data.services.map((s) => (
        <section key={s.ref} className="aid" aria-label={`Aids for ${shortRef(s.ref)}`}>
          <h3 className="card-subtitle">{s.title} ({shortRef(s.ref)})</h3>
          <ul className="link-list">
            {s.runbookUrl && <li><a href={s.runbookUrl} target="_blank" rel="noreferrer">Runbook</a></li>}
            {s.dashboardUrl && <li><a href={s.dashboardUrl} target="_blank" rel="noreferrer">Dashboard</a></li>}
            <li>Status endpoint: {s.statusUrl ? <LiveStatus service={s.ref} /> : <span className="muted">none in the catalog</span>}</li>
          </ul>
          {s.controls.length > 0 && (
            <ul className="item-list">{s.controls.map((c) => (
              <li key={c.name} className="row">
                <a className="grow" href={c.url} target="_blank" rel="noreferrer">{c.name}</a>
                <button type="button" className="button button-small" disabled={!editable} onClick={() => write.mutate({ method: 'POST', path: '/controls', body: { service: s.ref, control: c.name, action: 'used from the incident page' } })}>I used it</button>
              </li>
            ))}</ul>
          )}
          <p className="small"><strong>Depends on it:</strong> {s.dependents.map((d) => `${shortRef(d.ref)}${d.distance > 1 ? ` (${d.distance} hops)` : ''}`).join(', ') || 'nothing'}</p>
          <p className="small"><strong>It depends on:</strong> {s.dependencies.map((d) => `${shortRef(d.ref)}${d.distance > 1 ? ` (${d.distance} hops)` : ''}`).join(', ') || 'nothing'}</p>
        </section>
      ))}
      <h3 className="card-subtitle">Checklist</h3>
      <ul className="checklist">{aids.data.checklist.map((c) => <li key={c.id}><label><input type="checkbox" /> <strong>{c.title}</strong> — <span className="muted">{c.hint}</span></label></li>)}</ul>
      <WriteError error={write.error} />
    </Card>
  );
}
