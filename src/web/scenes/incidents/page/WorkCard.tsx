// Hypotheses ("if it is not this, what else could it be?") and workstreams (parallel mitigation,
// each with an owner, a goal and a status).
import { useState, type FormEvent } from 'react';
import type { IncidentPage } from '../../../api/incidents.ts';
import { Card } from '../../../components/Section.tsx';
import { useIncident, useWrite, WriteError } from './shared.tsx';

export function HypothesesCard({ page }: { page: IncidentPage }) {
  const { editable } = useIncident();
  const write = useWrite();
  const [text, setText] = useState('');
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  const add = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/hypotheses', body: { text: text.trim() } }, { onSuccess: () => setText('') });
  };
  const set = (id: string, version: number, state: string) => write.mutate({ method: 'PATCH', path: `/hypotheses/${id}`, body: { version, state, ...(evidence[id]?.trim() ? { evidence: evidence[id].trim() } : {}) } });
  return (
    <Card title="Hypotheses">
      {page.prompts.map((p) => <p key={p} className="banner banner-warning" role="note">{p}</p>)}
      <ul className="item-list">
        {page.hypotheses.map((h) => (
          <li key={h.id} className={`hypothesis hyp-${h.state}`}>
            <div><span className={`state-chip hyp-chip-${h.state}`}>{h.state.replace('-', ' ')}</span> {h.text}{h.evidence && <div className="muted small">Evidence: {h.evidence}</div>}</div>
            {editable && h.state === 'open' && (
              <div className="row">
                <label className="field grow"><span className="visually-hidden">Evidence for “{h.text}”</span><input className="input" placeholder="evidence (needed to rule out)" value={evidence[h.id] ?? ''} onChange={(e) => setEvidence({ ...evidence, [h.id]: e.target.value })} /></label>
                <button type="button" className="button button-small" onClick={() => set(h.id, h.version, 'ruled-out')}>Rule out</button>
                <button type="button" className="button button-small" onClick={() => set(h.id, h.version, 'confirmed')}>Confirm</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form className="row" onSubmit={add} aria-label="Add a hypothesis">
          <label className="field grow"><span className="field-label">Hypothesis</span><input className="input" value={text} onChange={(e) => setText(e.target.value)} placeholder="The 11:50 payments deploy" /></label>
          <button type="submit" className="button" disabled={!text.trim()}>Add</button>
        </form>
      )}
      <WriteError error={write.error} />
    </Card>
  );
}

const STATUSES = ['active', 'blocked', 'done'];

export function WorkstreamsCard({ page }: { page: IncidentPage }) {
  const { editable } = useIncident();
  const write = useWrite();
  const [goal, setGoal] = useState('');
  const [owner, setOwner] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/workstreams', body: { goal: goal.trim(), owner: owner.trim() } }, { onSuccess: () => { setGoal(''); setOwner(''); } });
  };
  return (
    <Card title="Workstreams">
      <ul className="item-list">
        {page.workstreams.map((w) => (
          <li key={w.id} className="row">
            <span className="grow"><strong>{w.goal}</strong> <span className="muted">— {w.owner}</span></span>
            <label className="field"><span className="visually-hidden">Status of “{w.goal}”</span>
              <select className="input select" value={w.status} disabled={!editable} onChange={(e) => write.mutate({ method: 'PATCH', path: `/workstreams/${w.id}`, body: { version: w.version, status: e.target.value } })}>
                {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
          </li>
        ))}
      </ul>
      {editable && (
        <form className="row" onSubmit={add} aria-label="Start a workstream">
          <label className="field grow"><span className="field-label">Goal</span><input className="input" value={goal} onChange={(e) => setGoal(e.target.value)} placeholder="Roll back payments" /></label>
          <label className="field"><span className="field-label">Owner</span><input className="input" value={owner} onChange={(e) => setOwner(e.target.value)} /></label>
          <button type="submit" className="button" disabled={!goal.trim() || !owner.trim()}>Start</button>
        </form>
      )}
      <WriteError error={write.error} />
    </Card>
  );
}
