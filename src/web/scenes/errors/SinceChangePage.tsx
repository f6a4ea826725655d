// New since a change: the issues of its services first seen in the window after it, against the
// known ones still seen — each with its events in that window and in the same window yesterday.
import { Link, useParams } from 'react-router';
import { useSinceChange, type SinceChange } from '../../api/errors.ts';
import { formatTime } from '../../components/format.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import './errors.css';

const WINDOWS = ['15m', '1h', '6h', '24h'] as const;

export default function SinceChangePage() {
  const { id = '' } = useParams();
  const [params, setParams] = useQueryParams(['window'] as const);
  const window = WINDOWS.includes(params.window as (typeof WINDOWS)[number]) ? params.window : '1h';
  const since = useSinceChange(id, window);
  if (since.isPending) return <Loading rows={6} label="Loading the errors since the change…" />;
  if (since.isError) return <ErrorState error={since.error} onRetry={() => since.refetch()} />;
  const d = since.data;
  return (
    <>
      <PageHead title={`Errors since: ${d.change.summary}`} lead={<>{d.change.kind} at {formatTime(d.change.at)} on {d.change.entities.join(', ') || 'no service'}</>} />
      <nav aria-label="Window" className="segmented tabs">
        {WINDOWS.map((w) => (
          <button key={w} type="button" aria-pressed={w === window} onClick={() => setParams({ window: w })}>{w} after</button>
        ))}
      </nav>
      <IssueTable title={`New: first seen in the ${window} after the change`} items={d.newIssues} empty="No new issue after this change." />
      <IssueTable title="Known before, still seen" items={d.knownIssues} empty="No known issue seen in this window." />
    </>
  );
}

function IssueTable({ title, items, empty }: { title: string; items: SinceChange['newIssues']; empty: string }) {
  return (
    <Card title={title} className="section">
      {items.length === 0 ? <p className="muted">{empty}</p> : (
        <table className="table issues-table" aria-label={title}>
          <thead>
            <tr><th>Issue</th><th>First seen</th><th className="num">Events in the window</th><th className="num">Same window yesterday</th></tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td><Link to={`/errors/issues/${i.id}`}>{i.title}</Link><div className="muted small">{i.entity} · {i.status}</div></td>
                <td>{formatTime(i.firstSeen)}</td>
                <td className="num">{i.eventsAfter}</td>
                <td className="num">{i.eventsDayBefore}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
