// The incident list: active first, then the newest; filter by state; declare a new one.
import { useState } from 'react';
import { Link } from 'react-router';
import { useIncidents } from '../../api/incidents.ts';
import { useAuth } from '../../components/auth.tsx';
import { Select } from '../../components/Select.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { DeclareDialog } from './DeclareDialog.tsx';
import { canEdit, impactLine, minutes, severityClass, shortRef, STATE_LABEL } from './format.ts';
import './incidents.css';

const STATES = [{ value: 'active', label: 'Active' }, { value: 'resolved', label: 'Resolved' }, { value: 'closed', label: 'Closed' }];

export default function IncidentsPage() {
  useTitle('Incidents');
  const [params, setParams] = useQueryParams(['state'] as const);
  const state = params.state;
  const list = useIncidents({ state: state || undefined });
  const { user } = useAuth();
  const [declaring, setDeclaring] = useState(false);
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Incidents</h1>
          <p className="lead">Active incidents first. Open one for its impact, timeline, suspect changes and revert button.</p>
        </div>
        <div className="head-actions">
          <Link className="button" to="/incidents/stats">Statistics</Link>
          <button type="button" className="button button-danger" onClick={() => setDeclaring(true)} disabled={!canEdit(user?.role)} title={canEdit(user?.role) ? undefined : 'Sign in with an editor token to declare'}>
            Declare an incident
          </button>
        </div>
      </div>
      <div className="filters">
        <Select label="State" value={state} options={STATES} onChange={(v) => setParams({ state: v })} anyLabel="All" />
      </div>
      {list.isPending ? <Loading rows={6} /> : list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
        <Empty title="No incidents">Nothing is burning. When something is, declare it here, from the CLI (<code>tally incident declare</code>) or from chat (<code>/incident declare</code>).</Empty>
      ) : (
        <ul className="incident-list" aria-label="Incidents, active first">
          {list.data.items.map((i) => (
            <li key={i.id} className={`incident-row ${['resolved', 'closed'].includes(i.state) ? 'is-done' : 'is-active'}`}>
              <span className={severityClass(i.severity)}>{i.severity}</span>
              <div className="incident-row-main">
                <Link to={`/incidents/${i.number}`} className="strong">{i.ref} · {i.title}</Link>
                <div className="muted small">{impactLine(i)}{i.services.length ? ` · ${i.services.map(shortRef).join(', ')}` : ''}{i.drill ? ' · drill' : ''}</div>
              </div>
              <span className={`state-chip state-${i.state}`}>{STATE_LABEL[i.state]}</span>
              <span className="muted small incident-row-meta">{i.roles.manager ? `IM ${i.roles.manager.person}` : 'no manager'} · {minutes(i.durations.elapsedMinutes)}</span>
            </li>
          ))}
        </ul>
      )}
      <DeclareDialog open={declaring} onClose={() => setDeclaring(false)} />
    </>
  );
}
