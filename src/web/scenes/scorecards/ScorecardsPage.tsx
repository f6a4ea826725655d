// Every scorecard: its services per grade, and a link to its detail.
import { Link } from 'react-router';
import { useScorecards } from '../../api/scorecards.ts';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { GRADES } from '../../components/grades.ts';

/** "3 × B, 18 × C …": how many services hold each grade on this scorecard. */
function GradeCounts({ counts }: { counts: Record<string, number> }) {
  const shown = GRADES.filter((g) => counts[g]);
  if (!shown.length) return <p className="muted small">No service graded yet.</p>;
  return (
    <p className="grade-counts" aria-label="Services per grade">
      {shown.map((g) => <span key={g}><GradeBadge grade={g} /> {counts[g]}</span>)}
    </p>
  );
}

export default function ScorecardsPage() {
  useTitle('Scorecards');
  const query = useScorecards();
  let body;
  if (query.isPending) body = <Loading rows={5} label="Loading scorecards…" />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (query.data.length === 0) body = (
    <Empty title="No scorecards yet">
      <p>Add a <code>kind: Scorecard</code> document (see <code>examples/acme/scorecards/production-readiness.yaml</code>) to a source in <code>tally.yaml</code>.</p>
    </Empty>
  );
  else body = (
    <ul className="card-grid">
      {query.data.map((s) => (
        <li key={s.name} className="card">
          <h2 className="card-title"><Link to={`/scorecards/${encodeURIComponent(s.name)}`}>{s.title}</Link></h2>
          <p className="small muted">
            <code>{s.name}</code>
             · version <code>{s.version.slice(0, 8)}</code>
          </p>
          <GradeCounts counts={s.grades} />
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <div className="page-head">
        <h1>Scorecards</h1>
        <p className="muted">The weighted requirements every service is graded against, and why each one matters.</p>
      </div>
      {body}
    </>
  );
}
