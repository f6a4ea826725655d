// Follow-ups by kind — detection, escalation, recovery, prevention — each with an owner, a due
// date, a tracker link and a status. Used on the incident page and in the postmortem editor.
import { useState, type FormEvent } from 'react';
import type { PostmortemView } from '../../api/incidents.ts';
import { useIncidentWrite } from '../../api/incidents.ts';
import { Card } from '../../components/Section.tsx';
import { formatDate } from '../../components/format.ts';

const KINDS = ['detection', 'escalation', 'recovery', 'prevention'];

export function FollowUps({ incidentKey, postmortem, editable }: { incidentKey: string; postmortem: PostmortemView; editable: boolean }) {
  const write = useIncidentWrite(incidentKey);
  const [kind, setKind] = useState('prevention');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [tracker, setTracker] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/follow-ups', body: { kind, title: title.trim(), owner: owner.trim(), dueDate: due, ...(tracker.trim() ? { trackerUrl: tracker.trim() } : {}) } }, { onSuccess: () => { setTitle(''); setTracker(''); } });
  };
  return (
    <Card title="Follow-ups" extra={<span className="count">{postmortem.followUps.length}</span>}>
      {KINDS.map((k) => {
        const items = postmortem.followUps.filter((f) => f.kind === k);
        return (
          <div key={k}>
            <h3 className="card-subtitle">{k} ({items.length})</h3>
            <ul className="item-list">{items.map((f) => (
              <li key={f.id} className={`row ${f.overdue ? 'is-overdue' : ''}`}>
                <span className="grow">{f.trackerUrl ? <a href={f.trackerUrl} target="_blank" rel="noreferrer">{f.title}</a> : f.title} <span className="muted small">— {f.owner}, due {formatDate(f.dueDate)}{f.overdue ? ' (overdue)' : ''}</span></span>
                <label className="field"><span className="visually-hidden">Status of “{f.title}”</span>
                  <select className="input select" value={f.status} disabled={!editable} onChange={(e) => write.mutate({ method: 'PATCH', path: `//follow-ups/${f.id}`, body: { version: f.version, status: e.target.value } })}>
                    <option value="open">open</option><option value="done">done</option><option value="wont-do">won't do</option>
                  </select>
                </label>
              </li>
            ))}</ul>
          </div>
        );
      })}
      {editable && (
        <form className="row wrap" onSubmit={add} aria-label="Add a follow-up">
          <label className="field"><span className="field-label">Kind</span><select className="input select" value={kind} onChange={(e) => setKind(e.target.value)}>{KINDS.map((k) => <option key={k}>{k}</option>)}</select></label>
          <label className="field grow"><span className="field-label">Follow-up</span><input className="input" value={title} onChange={(e) => setTitle(e.target.value)} /></label>
          <label className="field"><span className="field-label">Owner</span><input className="input" value={owner} onChange={(e) => setOwner(e.target.value)} /></label>
          <label className="field"><span className="field-label">Due</span><input className="input" type="date" value={due} onChange={(e) => setDue(e.target.value)} /></label>
          <label className="field"><span className="field-label">Tracker link</span><input className="input" type="url" value={tracker} onChange={(e) => setTracker(e.target.value)} /></label>
          <button type="submit" className="button" disabled={!title.trim() || !owner.trim() || !due}>Add follow-up</button>
        </form>
      )}
      {write.isError && <p className="field-error" role="alert">{(write.error as Error).message}</p>}
    </Card>
  );
}
