// The service page's error card: the DSN its SDKs use (or a button to make a project), and its
// unresolved issues, most recently seen first, each with a 24-hour sparkline.
import { Link } from 'react-router';
import { useCreateProject, useErrorProjects, useIssues } from '../../api/errors.ts';
import { useAuth } from '../../components/auth.tsx';
import { relativeTime } from '../../components/format.ts';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { Sparkline } from './Sparkline.tsx';
import './errors.css';

export function ServiceErrors({ entityRef }: { entityRef: string }) {
  const projects = useErrorProjects(entityRef);
  const issues = useIssues(entityRef, 'unresolved');
  const create = useCreateProject(entityRef);
  const { token } = useAuth();
  const list = projects.data?.items ?? [];
  return (
    <Card title="Errors" extra={<span className="muted small">Sentry SDKs send here unchanged</span>} className="section errors-card">
      {projects.isPending ? <Loading rows={1} /> : projects.isError ? <ErrorState error={projects.error} onRetry={() => projects.refetch()} /> : list.length === 0 ? (
        <p className="muted">
          No error project yet. Annotate the service with <code>tally.dev/sentry-project</code>
          {token ? (
            <>
              {' '}or{' '}
              <button type="button" onClick={() => create.mutate()} disabled={create.isPending}>make a project</button>
            </>
          ) : null}
          .
        </p>
      ) : (
        <dl className="dsn-list">
          {list.map((p) => (
            <div key={p.id}>
              <dt>DSN (project {p.id})</dt>
              <dd><code data-testid="dsn">{p.dsn}</code></dd>
            </div>
          ))}
        </dl>
      )}
      {issues.isPending ? <Loading rows={3} /> : issues.isError ? <ErrorState error={issues.error} onRetry={() => issues.refetch()} /> : issues.data.items.length === 0 ? (
        list.length > 0 && <p className="muted">No unresolved issue.</p>
      ) : (
        <table className="table issues-table" aria-label="Unresolved issues">
          <thead>
            <tr><th>Issue</th><th>Last 24 h</th><th className="num">Events</th><th className="num">Users</th><th>Last seen</th></tr>
          </thead>
          <tbody>
            {issues.data.items.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/errors/issues/${i.id}`}>{i.title}</Link>
                  {i.regressions > 0 && <span className="badge badge-regression" title={`regressed ${relativeTime(i.regressedAt)}`}>regression</span>}
                  <div className="muted small">{i.culprit ?? ''}</div>
                </td>
                <td><Sparkline values={i.sparkline} label={`${i.sparkline.reduce((a, b) => a + b, 0)} events in the last 24 hours`} /></td>
                <td className="num">{i.events}</td>
                <td className="num">{i.users}</td>
                <td title={i.lastSeen}>{relativeTime(i.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
