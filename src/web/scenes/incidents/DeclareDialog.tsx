// Declaring from the web UI: title, severity (with its meaning), affected services, when users
// were first hurt (asked for here, suggested later from alerts and suspects on the page).
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useDeclare, useSeverities } from '../../api/incidents.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { localToInstant } from './format.ts';

export function DeclareDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const id = useId();
  const navigate = useNavigate();
  const severities = useSeverities();
  const declare = useDeclare();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('SEV2');
  const [services, setServices] = useState('');
  const [impactStart, setImpactStart] = useState('');
  const meaning = severities.data?.items.find((s) => s.level === severity)?.meaning;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { title: title.trim(), severity, services: services.split(',').map((s) => s.trim()).filter(Boolean), source: { via: 'web' }, ...(impactStart ? { impactStartedAt: localToInstant(impactStart) } : {}) };
    declare.mutate(body, { onSuccess: (page) => navigate(`/incidents/${page.incident.number}`) });
  };
  return (
    <Dialog open={open} onClose={onClose} title="Declare an incident">
      <form onSubmit={submit} className="form-grid">
        <label className="field">
          <span className="field-label">What is broken (title)</span>
          <input className="input" required value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Checkout: card payments time out" autoFocus />
        </label>
        <label className="field">
          <span className="field-label">Severity</span>
          <select className="input select" value={severity} onChange={(e) => setSeverity(e.target.value)} aria-describedby={`${id}-meaning`}>
            {(severities.data?.items ?? [{ level: 'SEV2', meaning: '' }]).map((s) => <option key={s.level} value={s.level}>{s.level}</option>)}
          </select>
          <span id={`${id}-meaning`} className="muted small">{meaning}</span>
        </label>
        <label className="field">
          <span className="field-label">Affected services (comma-separated)</span>
          <input className="input" value={services} onChange={(e) => setServices(e.target.value)} placeholder="checkout, payments" />
        </label>
        <label className="field">
          <span className="field-label">When were users first hurt? (if known)</span>
          <input className="input" type="datetime-local" value={impactStart} onChange={(e) => setImpactStart(e.target.value)} />
        </label>
        {declare.isError && <p className="field-error" role="alert">{(declare.error as Error).message}</p>}
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-danger" disabled={!title.trim() || declare.isPending}>{declare.isPending ? 'Declaring…' : 'Declare'}</button>
        </div>
      </form>
    </Dialog>
  );
}
