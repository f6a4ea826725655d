// Impact first: how many users (a number or a share, and where the figure came from) and how
// broken each capability is. Changes land in the timeline.
import { useState, type FormEvent } from 'react';
import type { IncidentView } from '../../../api/incidents.ts';
import { Card } from '../../../components/Section.tsx';
import { impactLine } from '../format.ts';
import { ReadOnlyNote, useIncident, useWrite, WriteError } from './shared.tsx';

const LEVELS = ['degraded', 'partly-down', 'down'];

export function ImpactCard({ incident }: { incident: IncidentView }) {
  const { editable } = useIncident();
  const write = useWrite();
  const current = incident.impact;
  const [mode, setMode] = useState<'percent' | 'count'>(current?.users.count !== undefined ? 'count' : 'percent');
  const [amount, setAmount] = useState(String(current?.users.count ?? current?.users.percent ?? ''));
  const [source, setSource] = useState(current?.users.source ?? '');
  const [caps, setCaps] = useState(current?.capabilities ?? [{ name: '', level: 'degraded' }]);
  const setCap = (i: number, patch: Partial<{ name: string; level: string }>) => setCaps(caps.map((c, k) => (k === i ? { ...c, ...patch } : c)) as typeof caps);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const users = { [mode]: Number(amount), source: source.trim() };
    write.mutate({ method: 'PUT', path: '/impact', body: { version: incident.version, impact: { users, capabilities: caps.filter((c) => c.name.trim()) } } });
  };
  return (
    <Card title="Impact" className="impact-card" extra={<span className={current ? 'muted small' : 'warning-text small'}>{current ? `assessed by ${current.assessedBy}` : 'assess before marking a fix'}</span>}>
      <p className="strong">{impactLine(incident)}</p>
      {current && <p className="muted small">Source: {current.users.source}</p>}
      <form onSubmit={submit} className="impact-form" aria-label="Assess the impact">
        <div className="row">
          <label className="field"><span className="field-label">Users affected</span><input className="input" type="number" min={0} step="any" required value={amount} onChange={(e) => setAmount(e.target.value)} disabled={!editable} /></label>
          <label className="field"><span className="field-label">As</span>
            <select className="input select" value={mode} onChange={(e) => setMode(e.target.value as 'percent' | 'count')} disabled={!editable}><option value="percent">% of users</option><option value="count">number of users</option></select>
          </label>
          <label className="field grow"><span className="field-label">Where the figure comes from</span><input className="input" required value={source} onChange={(e) => setSource(e.target.value)} disabled={!editable} placeholder="checkout error-rate dashboard" /></label>
        </div>
        {caps.map((c, i) => (
          <div className="row" key={i}>
            <label className="field grow"><span className="field-label">Capability {i + 1}</span><input className="input" value={c.name} onChange={(e) => setCap(i, { name: e.target.value })} disabled={!editable} placeholder="pay by card" /></label>
            <label className="field"><span className="field-label">How broken</span>
              <select className="input select" value={c.level} onChange={(e) => setCap(i, { level: e.target.value })} disabled={!editable}>{LEVELS.map((l) => <option key={l} value={l}>{l.replace('-', ' ')}</option>)}</select>
            </label>
          </div>
        ))}
        <div className="row">
          <button type="button" className="button button-ghost" onClick={() => setCaps([...caps, { name: '', level: 'degraded' }])} disabled={!editable}>Add a capability</button>
          <button type="submit" className="button button-primary" disabled={!editable || write.isPending}>Save impact</button>
        </div>
        <WriteError error={write.error} />
        <ReadOnlyNote />
      </form>
    </Card>
  );
}
