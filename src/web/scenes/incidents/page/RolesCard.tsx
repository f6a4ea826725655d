// Roles: one incident manager at a time (assigning a new one is a handoff), a communications
// lead, responders. Anyone can hold a role.
import { useState, type FormEvent } from 'react';
import type { IncidentView } from '../../../api/incidents.ts';
import { Card } from '../../../components/Section.tsx';
import { relativeTime } from '../../../components/format.ts';
import { ReadOnlyNote, useIncident, useWrite, WriteError } from './shared.tsx';

export function RolesCard({ incident }: { incident: IncidentView }) {
  const { editable } = useIncident();
  const write = useWrite();
  const [role, setRole] = useState('manager');
  const [person, setPerson] = useState('');
  const r = incident.roles;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/roles', body: { role, person: person.trim(), version: incident.version } }, { onSuccess: () => setPerson('') });
  };
  return (
    <Card title="Roles">
      <dl className="facts">
        <div><dt>Incident manager</dt><dd>{r.manager ? `${r.manager.person} (since ${relativeTime(r.manager.since)})` : '—'}</dd></div>
        <div><dt>Communications lead</dt><dd>{r.comms?.person ?? '—'}</dd></div>
        <div><dt>Responders</dt><dd>
          {r.responders.length === 0 ? '—' : (
            <ul className="inline-list">{r.responders.map((p) => (
              <li key={p.id}>{p.person}{editable && <button type="button" className="link-button small" aria-label={`Remove responder ${p.person}`} onClick={() => write.mutate({ method: 'DELETE', path: `/roles/${p.id}` })}>remove</button>}</li>
            ))}</ul>
          )}
        </dd></div>
      </dl>
      <form className="row" onSubmit={submit} aria-label="Assign a role">
        <label className="field"><span className="field-label">Role</span>
          <select className="input select" value={role} onChange={(e) => setRole(e.target.value)} disabled={!editable}>
            <option value="manager">Incident manager (handoff)</option><option value="comms">Communications lead</option><option value="responder">Responder</option>
          </select>
        </label>
        <label className="field grow"><span className="field-label">Person</span><input className="input" value={person} onChange={(e) => setPerson(e.target.value)} disabled={!editable} placeholder="name" /></label>
        <button type="submit" className="button" disabled={!editable || !person.trim() || write.isPending}>{role === 'manager' ? 'Hand over' : 'Assign'}</button>
      </form>
      <WriteError error={write.error} />
      <ReadOnlyNote />
    </Card>
  );
}
