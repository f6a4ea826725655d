// The postmortem editor: the template's sections (the timeline and impact filled in from the
// record), the root cause (asked for once the incident is resolved), follow-ups by kind or an
// explicit "none needed", and publishing. Saves with the version read: a concurrent edit is a
// 409, shown, never overwritten.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useIncidentPage, useIncidentWrite, type PostmortemView } from '../../api/incidents.ts';
import { useAuth } from '../../components/auth.tsx';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { canEdit } from './format.ts';
import { FollowUps } from './FollowUps.tsx';
import './incidents.css';

const SECTIONS: [keyof PostmortemView['sections'], string, string][] = [
  ['summary', 'Summary', 'What happened, to whom, for how long — in three sentences.'],
  ['impact', 'Impact', 'Users affected and how; filled in from the record.'],
  ['timeline', 'Timeline', 'Filled in from the record; edit freely.'],
  ['contributingFactors', 'Contributing factors', 'What made it possible and what made it worse. No blame: systems, not people.'],
  ['wentWell', 'What went well', ''],
  ['wentBadly', 'What went badly', ''],
];

export default function PostmortemPage() {
  const { key = '' } = useParams();
  const page = useIncidentPage(key);
  const write = useIncidentWrite<PostmortemView>(key);
  const { user } = useAuth();
  const pm = page.data?.postmortem;
  const [draft, setDraft] = useState<PostmortemView['sections'] | null>(null);
  const [noneReason, setNoneReason] = useState('');
  useTitle(page.data ? `Postmortem ${page.data.incident.ref}` : 'Postmortem');
  useEffect(() => {
    if (pm && draft === null) {
      setDraft(pm.sections);
      setNoneReason(pm.noFollowUpsReason ?? '');
    }
  }, [pm, draft]);
  if (page.isPending) return <Loading rows={8} />;
  if (page.isError) return <ErrorState error={page.error} />;
  const { incident, postmortem } = page.data;
  const editable = canEdit(user?.role) && postmortem.state !== 'published';
  const save = (state?: 'published') => write.mutate({ method: 'PUT', path: '/postmortem', body: { version: postmortem.version, ...draft, noFollowUpsReason: noneReason.trim() || null, ...(state ? { state } : {}) } }, { onSuccess: (saved) => setDraft(saved.sections) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save();
  };
  return (
    <>
      <div className="page-head">
        <nav className="breadcrumb" aria-label="Breadcrumb"><Link to="/incidents">Incidents</Link><span aria-hidden="true">›</span><Link to={`/incidents/${incident.number}`}>{incident.ref}</Link><span aria-hidden="true">›</span><span>Postmortem</span></nav>
        <h1>Postmortem: {incident.title}</h1>
        <p className="lead">State: <strong>{postmortem.state}</strong>{postmortem.publishedAt ? ` (published ${postmortem.publishedAt.slice(0, 10)})` : ''}. Closing the incident needs it published, and follow-ups or a reason for none.</p>
      </div>
      <form onSubmit={submit} className="postmortem" aria-label="Postmortem">
        {SECTIONS.map(([name, label, hint]) => (
          <label key={name} className="field">
            <span className="field-label">{label}</span>
            {hint && <span className="muted small">{hint}</span>}
            <textarea className="input textarea pm-text" value={draft?.[name] ?? ''} disabled={!editable} onChange={(e) => setDraft({ ...(draft ?? postmortem.sections), [name]: e.target.value })} rows={name === 'timeline' ? 10 : 4} />
          </label>
        ))}
        <label className="field">
          <span className="field-label">No follow-ups needed because… (leave empty when there are follow-ups)</span>
          <input className="input" value={noneReason} disabled={!editable} onChange={(e) => setNoneReason(e.target.value)} />
        </label>
        {write.isError && <p className="field-error" role="alert">{(write.error as Error).message}</p>}
        <div className="row">
          <button type="button" className="button" disabled={!editable || write.isPending} onClick={() => write.mutate({ method: 'POST', path: '/postmortem/fill' }, { onSuccess: (saved) => setDraft(saved.sections) })}>Fill from the record</button>
          <button type="submit" className="button" disabled={!editable || write.isPending}>Save draft</button>
          <button type="button" className="button button-primary" disabled={!editable || write.isPending} onClick={() => save('published')}>Publish</button>
        </div>
      </form>
      {incident.state === 'resolved' && <RootCause incidentKey={key} version={incident.version} current={incident.rootCause} editable={canEdit(user?.role)} />}
      <div className="section"><FollowUps incidentKey={key} postmortem={postmortem} editable={canEdit(user?.role)} /></div>
    </>
  );
}

function RootCause({ incidentKey, version, current, editable }: { incidentKey: string; version: number; current: string | null; editable: boolean }) {
  const write = useIncidentWrite(incidentKey);
  const [text, setText] = useState(current ?? '');
  return (
    <div className="section">
      <Card title="Root cause">
        <form className="row" onSubmit={(e) => { e.preventDefault(); write.mutate({ method: 'PATCH', path: '', body: { version, rootCause: text.trim() } }); }}>
          <label className="field grow"><span className="field-label">Root cause (asked once the incident is resolved)</span><textarea className="input textarea" value={text} disabled={!editable} onChange={(e) => setText(e.target.value)} /></label>
          <button type="submit" className="button" disabled={!editable || !text.trim()}>Save</button>
        </form>
        {write.isError && <p className="field-error" role="alert">{(write.error as Error).message}</p>}
      </Card>
    </div>
  );
}
