// The lifecycle: investigating → identified → mitigating → monitoring → resolved → closed.
// Resolving asks for the confirmation that user impact is gone; the server refuses (409) with
// what is missing, which is shown as it says it.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { IncidentView } from '../../../api/incidents.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { STATE_LABEL } from '../format.ts';
import { useIncident, useWrite, WriteError } from './shared.tsx';

const NEXT: Record<string, string[]> = {
  investigating: ['identified', 'mitigating', 'resolved'],
  identified: ['mitigating', 'investigating', 'resolved'],
  mitigating: ['monitoring', 'identified', 'resolved'],
  monitoring: ['resolved', 'mitigating'],
  resolved: ['closed', 'monitoring'],
  closed: [],
};

export function StateActions({ incident }: { incident: IncidentView }) {
  const { editable } = useIncident();
  const write = useWrite();
  const [resolving, setResolving] = useState(false);
  const { reset } = write;
  // A refusal is about the incident as it was: once it changed (e.g. the impact was assessed), clear it.
  useEffect(() => reset(), [incident.version, reset]);
  const move = (state: string) => (state === 'resolved' ? setResolving(true) : write.mutate({ method: 'POST', path: '/state', body: { version: incident.version, state } }));
  const options = NEXT[incident.state] ?? [];
  return (
    <div className="state-actions">
      {options.map((s) => (
        <button key={s} type="button" className={`button ${s === 'resolved' ? 'button-primary' : ''}`} disabled={!editable || write.isPending} onClick={() => move(s)}>
          {s === 'closed' ? 'Close' : s === 'resolved' ? 'Resolve…' : `Mark ${STATE_LABEL[s].toLowerCase()}`}
        </button>
      ))}
      <Link className="button button-ghost" to={`/incidents/${incident.number}/postmortem`}>Postmortem</Link>
      <WriteError error={write.error} />
      <ResolveDialog incident={incident} open={resolving} onClose={() => setResolving(false)} />
    </div>
  );
}

function ResolveDialog({ incident, open, onClose }: { incident: IncidentView; open: boolean; onClose(): void }) {
  const write = useWrite();
  const [how, setHow] = useState('metric');
  const [evidence, setEvidence] = useState('');
  const [by, setBy] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/state', body: { version: incident.version, state: 'resolved', confirmation: { how, evidence: evidence.trim(), ...(by.trim() ? { by: by.trim() } : {}) } } }, { onSuccess: onClose });
  };
  return (
    <Dialog open={open} onClose={onClose} title="Is user impact gone?">
      <form onSubmit={submit} className="form-grid">
        <p className="muted">Resolving tells the channels and subscribers that users are fine again. Say how you know.</p>
        <fieldset className="fieldset">
          <legend className="field-label">Confirmed by</legend>
          {[['metric', 'A metric'], ['status-page', 'The status page'], ['customer-report', 'A customer report']].map(([v, label]) => (
            <label key={v} className="radio"><input type="radio" name="how" value={v} checked={how === v} onChange={() => setHow(v)} /> {label}</label>
          ))}
        </fieldset>
        <label className="field"><span className="field-label">Evidence (required)</span><textarea className="input textarea" required value={evidence} onChange={(e) => setEvidence(e.target.value)} placeholder="Error rate back under 0.1 % for 15 minutes" /></label>
        <label className="field"><span className="field-label">Who confirmed (default: you)</span><input className="input" value={by} onChange={(e) => setBy(e.target.value)} /></label>
        <WriteError error={write.error} />
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={!evidence.trim() || write.isPending}>Resolve</button>
        </div>
      </form>
    </Dialog>
  );
}
