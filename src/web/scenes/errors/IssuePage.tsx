// One issue: what it is, since when, how often and for how many users, per release; its stack
// trace with the program's own frames highlighted; the latest event's tags and breadcrumbs; the
// status buttons; the commits that probably caused it (git blame, with the change that shipped
// each and its revert); and events found by the trace id an error page showed.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { parseRef } from '../../../common/refs.ts';
import { ApiError } from '../../api/client.ts';
import { useIssue, useIssueCommits, useIssueEvents, useIssueSuspects, useSetIssueStatus, type IssueDetail, type IssueStatus } from '../../api/errors.ts';
import { ChangeList } from '../changes/ChangeList.tsx';
import { useAuth } from '../../components/auth.tsx';
import { formatTime, relativeTime } from '../../components/format.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { Sparkline } from './Sparkline.tsx';
import './errors.css';

const STATUS_LABEL: Record<IssueStatus, string> = { unresolved: 'Unresolved', resolved: 'Resolved', 'resolved-next-release': 'Resolved in the next release', ignored: 'Ignored' };

export default function IssuePage() {
  const { id = '' } = useParams();
  const issue = useIssue(id);
  useTitle(issue.data?.title ?? 'Issue');
  if (issue.isPending) return <Loading rows={8} label="Loading the issue…" />;
  if (issue.isError) {
    if (issue.error instanceof ApiError && issue.error.status === 404) return <Empty title="No such issue"><p>It may have been removed with its project.</p></Empty>;
    return <ErrorState error={issue.error} onRetry={() => issue.refetch()} />;
  }
  return <Issue issue={issue.data} />;
}

function serviceLink(ref: string): string {
  const r = parseRef(ref);
  return r ? `/services/${r.namespace}/${r.name}` : '/';
}

function Issue({ issue }: { issue: IssueDetail }) {
  const { token } = useAuth();
  const setStatus = useSetIssueStatus(issue.id);
  const payload = issue.latestEvent?.payload ?? {};
  const tags = Object.entries((payload.tags as Record<string, unknown> | undefined) ?? {}).filter(([, v]) => typeof v === 'string');
  const extraTags: Array<[string, string]> = [
    ['environment', issue.latestEvent?.environment ?? ''],
    ['release', issue.latestEvent?.release ?? ''],
    ['level', issue.level],
    ['platform', issue.platform],
  ].filter(([, v]) => v) as Array<[string, string]>;
  const crumbs = ((payload.breadcrumbs as { values?: unknown[] } | unknown[] | undefined) && (Array.isArray(payload.breadcrumbs) ? payload.breadcrumbs : (payload.breadcrumbs as { values?: unknown[] }).values)) ?? [];
  const maxRelease = Math.max(1, ...issue.releases.map((r) => r.count));
  return (
    <>
      <PageHead title={issue.title} lead={<><Link to={serviceLink(issue.entity)}>{issue.entity}</Link>{issue.culprit ? ` · ${issue.culprit}` : ''}</>} />
      <div className="row-gap section">
        <span className="badge" data-testid="issue-status">{STATUS_LABEL[issue.status]}</span>
        {issue.regressions > 0 && <span className="badge badge-regression">regressed {relativeTime(issue.regressedAt)}</span>}
        {token && (
          <span className="row-gap" role="group" aria-label="Change status">
            {issue.status !== 'resolved' && <button type="button" onClick={() => setStatus.mutate('resolved')} disabled={setStatus.isPending}>Resolve</button>}
            {issue.status !== 'resolved-next-release' && <button type="button" onClick={() => setStatus.mutate('resolved-next-release')} disabled={setStatus.isPending}>Resolve in next release</button>}
            {issue.status !== 'ignored' && <button type="button" onClick={() => setStatus.mutate('ignored')} disabled={setStatus.isPending}>Ignore</button>}
            {issue.status !== 'unresolved' && <button type="button" onClick={() => setStatus.mutate('unresolved')} disabled={setStatus.isPending}>Reopen</button>}
          </span>
        )}
        {setStatus.isError && <ErrorState error={setStatus.error} />}
      </div>
      <Card title="Overview">
        <dl className="issue-facts">
          <div><dt>Events</dt><dd data-testid="issue-events">{issue.events}</dd></div>
          <div><dt>Users</dt><dd>{issue.users}</dd></div>
          <div><dt>First seen</dt><dd title={issue.firstSeen}>{formatTime(issue.firstSeen)}{issue.firstRelease ? ` in ${issue.firstRelease}` : ''}</dd></div>
          <div><dt>Last seen</dt><dd title={issue.lastSeen}>{relativeTime(issue.lastSeen)}{issue.lastRelease ? ` in ${issue.lastRelease}` : ''}</dd></div>
          <div><dt>Last 24 hours</dt><dd><Sparkline values={issue.sparkline} label="events per hour, last 24 hours" /></dd></div>
        </dl>
      </Card>
      <div className="grid-2 section">
        <Card title="Stack trace" extra={<span className="muted small">the program's own frames, newest first</span>}>
          {issue.frames.length === 0 ? <p className="muted">No frames of the program's own.</p> : (
            <ol className="frames" aria-label="In-app frames">
              {[...issue.frames].reverse().map((f, i) => (
                <li key={i} className={f.inApp ? 'in-app' : 'system'}>
                  <strong>{f.function ?? '?'}</strong> <span className="muted">{f.module ?? f.filename ?? ''}{f.lineno !== undefined ? `:${f.lineno}` : ''}</span>
                  {f.contextLine && <code className="context">{f.contextLine.trim()}</code>}
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card title="Releases">
          {issue.releases.length === 0 ? <p className="muted">No release reported.</p> : (
            <div className="release-bars" role="list" aria-label="Events per release">
              {issue.releases.map((r) => (
                <div className="row" role="listitem" key={r.release ?? ''}>
                  <span>{r.release ?? '(none)'}</span>
                  <span className="bar" style={{ width: `${Math.round((r.count / maxRelease) * 100)}%` }} />
                  <span className="num">{r.count}</span>
                </div>
              ))}
            </div>
          )}
        </Card>
      </div>
      <div className="grid-2 section">
        <Card title="Tags (latest event)">
          <ul className="tags">
            {[...extraTags, ...(tags as Array<[string, string]>)].map(([k, v]) => <li key={k}><span className="muted">{k}</span> {v}</li>)}
          </ul>
          <p className="muted small">Grouped by {issue.hashes.length === 1 ? 'hash' : 'hashes'} <code>{issue.hashes.join(', ')}</code></p>
        </Card>
        <Card title="Breadcrumbs (latest event)">
          {crumbs.length === 0 ? <p className="muted">None.</p> : (
            <ol className="frames">
              {(crumbs as Array<Record<string, unknown>>).slice(-15).map((b, i) => (
                <li key={i}><span className="muted">{String(b.category ?? b.type ?? '')}</span> {String(b.message ?? '')}</li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      <SuspectCommits issueId={issue.id} />
      <SuspectChanges issueId={issue.id} />
      <TraceLookup issueId={issue.id} />
    </>
  );
}

function SuspectCommits({ issueId }: { issueId: string }) {
  const blame = useIssueCommits(issueId);
  const d = blame.data;
  return (
    <Card title="The commit that probably caused it" extra={<span className="muted small">git blame of the in-app frames, most likely first</span>} className="section">
      {blame.isPending ? <Loading rows={2} label="Asking git…" /> : blame.isError ? <ErrorState error={blame.error} onRetry={() => blame.refetch()} /> : (
        <>
          {d!.commit && (
            <p className="muted small">
              {d!.repository ? <>Repository <code>{d!.repository}</code>, </> : null}release {d!.release ?? '(none)'} at <code>{d!.commit.slice(0, 10)}</code>
              {d!.previousCommit ? <>; in this release: after <code>{d!.previousCommit.slice(0, 10)}</code></> : null}
            </p>
          )}
          {d!.notes.map((n) => <p key={n} className="muted">{n}</p>)}
          {d!.commits.length === 0 ? <p className="muted">No commit found for the stack trace.</p> : (
            <ol className="blame-commits" aria-label="Ranked commits">
              {d!.commits.map((c) => (
                <li key={c.sha} className="blame-commit">
                  <div className="row-gap">
                    <code title={c.sha}>{c.sha.slice(0, 10)}</code>
                    <strong>{c.message}</strong>
                    <span className="muted small">by {c.author} · {formatTime(c.date)}</span>
                    <span className="badge" title="score: the weights are in docs/errors.md">score {c.score}</span>
                    {c.inRelease && <span className="badge">in this release</span>}
                    {c.suspect && <span className="badge badge-regression">suspect change</span>}
                  </div>
                  <ul className="small">{c.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
                  {c.change ? (
                    <ChangeList changes={[c.change]} label={`The change that shipped ${c.sha.slice(0, 10)}`} extra={(ch) => <Link to={`/errors/since/${ch.id}`}>Errors since this change</Link>} />
                  ) : <p className="muted small">No change of the change database shipped it.</p>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Card>
  );
}

function SuspectChanges({ issueId }: { issueId: string }) {
  const suspects = useIssueSuspects(issueId);
  return (
    <Card title="Suspect changes" extra={<span className="muted small">before the issue first appeared, most likely first</span>} className="section">
      {suspects.isPending ? <Loading rows={2} /> : suspects.isError ? <ErrorState error={suspects.error} onRetry={() => suspects.refetch()} /> : suspects.data.suspects.length === 0 ? (
        <p className="muted">No change to this service or what it depends on in the day before the issue first appeared.</p>
      ) : (
        <ChangeList changes={suspects.data.suspects.map((s) => s.change)} label="Suspect changes" extra={(c) => <Link to={`/errors/since/${c.id}`}>Errors since this change</Link>} />
      )}
    </Card>
  );
}

function TraceLookup({ issueId }: { issueId: string }) {
  const [trace, setTrace] = useState('');
  const events = useIssueEvents(issueId, trace.trim());
  return (
    <Card title="Find events by trace id" className="section">
      <label>
        Trace id from an error page{' '}
        <input value={trace} onChange={(e) => setTrace(e.target.value)} placeholder="4bf92f3577b34da6a3ce929d0e0e4736" size={40} />
      </label>
      {events.isSuccess && (
        events.data.items.length === 0 ? <p className="muted">No event of this issue has that trace id.</p> : (
          <ul>
            {events.data.items.map((e) => <li key={e.eventId}><code>{e.eventId}</code> at {formatTime(e.occurredAt)}{e.release ? ` in ${e.release}` : ''}</li>)}
          </ul>
        )
      )}
    </Card>
  );
}
