// "Who is on call now": per team, each rotation's person on call (with a mail link) and who is
// next; the pages with ACK and resolve; the alerts that matched no rotation.
import { useState } from 'react';
import { Link } from 'react-router';
import { useDeclareFromPage, useOncallNow, usePageAction, usePages, useUnrouted, type Page } from '../../api/oncall.ts';
import { useAuth } from '../../components/auth.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { Select } from '../../components/Select.tsx';
import { Empty } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { at, shortRef, STATUS_LABEL } from './format.ts';
import { RotationChecks } from './RotationChecks.tsx';
import './oncall.css';

const STATUSES = [{ value: 'open', label: 'Open' }, { value: 'triggered', label: 'Triggered' }, { value: 'acknowledged', label: 'Acknowledged' }, { value: 'resolved', label: 'Resolved' }];
const canEdit = (role: string | undefined) => role === 'editor' || role === 'admin';

export default function OncallPage() {
  useTitle('Who is on call');
  const now = useOncallNow();
  const [status, setStatus] = useState('open');
  const pages = usePages(status);
  const unrouted = useUnrouted();
  return (
    <>
      <div className="page-head">
        <h1>Who is on call</h1>
        <p className="lead">The person each rotation pages right now, and who takes over next. Alerts reach only them and their escalation, never everyone.</p>
        <p className="small"><Link to="/oncall/me">My shifts</Link> — yours on every rotation, with your calendar feed.</p>
      </div>
      <QueryBody query={now} label="Loading who is on call">
        {(d) =>
          d.teams.length === 0 ? (
            <Empty title="No rotations yet">Add a <code>tally.dev/v1 Rotation</code> document to the catalog sources (docs/oncall.md).</Empty>
          ) : (
            d.teams.map((t) => (
              <Card key={t.team} title={t.teamName} className="oncall-team" extra={<Link to={`/oncall/teams/${shortRef(t.team)}`}>Load and fatigue</Link>}>
                <ul className="oncall-rotations" aria-label={`${t.teamName} rotations`}>
                  {t.rotations.map((r) => (
                    <li key={r.name} className="oncall-rotation" data-rotation={r.name}>
                      <Link to={`/oncall/rotations/${r.name}`} className="strong">{r.title ?? r.name}</Link>
                      <span>
                        {r.now ? (
                          <>
                            <span className="oncall-person">{r.now.person.name}</span>
                            {r.now.person.email && <> · <a href={`mailto:${r.now.person.email}`}>{r.now.person.email}</a></>}
                            <span className="muted small"> until {at(r.now.end)}{r.now.override ? ' (override)' : ''}</span>
                          </>
                        ) : (
                          <span className="oncall-gap">Nobody — a gap in the schedule</span>
                        )}
                      </span>
                      <span className="muted small">next: {r.next ? `${r.next.person.name}, ${at(r.next.start)}` : '—'}{r.services.length ? ` · ${r.services.length} services` : ''}</span>
                    </li>
                  ))}
                </ul>
              </Card>
            ))
          )
        }
      </QueryBody>
      <RotationChecks />
      <Card title="Pages" extra={<Select label="Status" value={status} options={STATUSES} onChange={(v) => setStatus(v || 'open')} anyLabel="All" />}>
        <QueryBody query={pages} label="Loading pages">
          {(d) => (d.items.length === 0 ? <Empty title="No pages">Nothing is paging.</Empty> : <PageList pages={d.items} />)}
        </QueryBody>
      </Card>
      <Card title="Unrouted alerts">
        <QueryBody query={unrouted} label="Loading unrouted alerts">
          {(d) =>
            d.items.length === 0 ? (
              <Empty title="Every alert found its rotation" />
            ) : (
              <ul className="page-list" aria-label="Alerts that matched no rotation">
                {d.items.map((u) => (
                  <li key={u.id} className="page-row">
                    <span className="muted small">{u.origin}</span>
                    <span className="muted small">{at(u.receivedAt)}</span>
                    <span><span className="strong">{u.title}</span><div className="muted small">{u.reason}</div></span>
                    <span />
                  </li>
                ))}
              </ul>
            )
          }
        </QueryBody>
      </Card>
    </>
  );
}

function PageList({ pages }: { pages: Page[] }) {
  const { user } = useAuth();
  const action = usePageAction();
  const declare = useDeclareFromPage();
  const editor = canEdit(user?.role);
  return (
    <ul className="page-list" aria-label="Pages, newest first">
      {pages.map((p) => (
        <li key={p.id} className="page-row" data-page={p.number}>
          <span className="strong">P-{p.number}</span>
          <span className={`page-status-${p.status}`}>{STATUS_LABEL[p.status]}</span>
          <span>
            <span className="strong">{p.title}</span>
            <div className="muted small">
              {p.assignees.map((a) => a.name).join(', ')} · {p.rotation}{p.service ? ` · ${shortRef(p.service)}` : ''} · {at(p.triggeredAt)}
              {p.escalations > 0 ? ` · escalated ${p.escalations}×` : ''}{p.nextEscalationAt ? ` · escalates ${at(p.nextEscalationAt)}` : ''}
            </div>
          </span>
          <span className="head-actions">
            {p.status === 'triggered' && (
              <button type="button" className="button" disabled={!editor || action.isPending} title={editor ? undefined : 'Sign in with an editor token, or use the link in the page message'} onClick={() => action.mutate({ page: p.id, action: 'ack' })}>
                Acknowledge
              </button>
            )}
            {p.status !== 'resolved' && (
              <button type="button" className="button" disabled={!editor || action.isPending} onClick={() => action.mutate({ page: p.id, action: 'resolve' })}>
                Resolve
              </button>
            )}
            {p.incident ? (
              <Link to={`/incidents/${p.incident}`} className="button">{p.incident}</Link>
            ) : (
              p.status !== 'resolved' && (
                <button type="button" className="button" disabled={!editor || declare.isPending} title={editor ? 'Declare an incident linked to this page' : 'Sign in with an editor token'} onClick={() => declare.mutate(p.id)}>
                  Declare incident
                </button>
              )
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
