// One scorecard: grade bands, requirements (weight, gate, category, rationale), distribution, versions.
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useScorecard, type ScorecardDetail } from '../../api/scorecards.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { formatDate } from '../../components/format.ts';
import { useTitle } from '../../components/useTitle.ts';
import { Distribution } from '../leaderboard/Distribution.tsx';

export default function ScorecardPage() {
  const { name = '' } = useParams();
  const query = useScorecard(name);
  useTitle(query.data?.title ?? name);
  if (query.isPending) return <Loading rows={10} label={`Loading ${name}…`} />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <Empty title={`No scorecard ${name}`}><p><Link to="/scorecards">All scorecards</Link></p></Empty>;
    return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  }
  return <ScorecardView card={query.data} />;
}

function ScorecardView({ card }: { card: ScorecardDetail }) {
  const distribution = card.distribution;
  const totalWeight = card.requirements.reduce((a, r) => a + r.weight, 0);
  const byCategory = new Map<string, typeof card.requirements>();
  for (const r of card.requirements) byCategory.set(r.category || 'general', [...(byCategory.get(r.category || 'general') ?? []), r]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb"><Link to="/scorecards">Scorecards</Link></nav>
      <div className="page-head">
        <h1>{card.title}</h1>
        {card.description && <p className="lead">{card.description}</p>}
        <p className="bands" aria-label="Grade bands">
          {Object.entries(card.grades).map(([g, min]) => <span key={g}><GradeBadge grade={g} /> ≥ {min}</span>)}
          <span><GradeBadge grade="F" /> below</span>
          <span className="muted small">a warning earns {card.warnCredit} of a pass</span>
        </p>
      </div>
      <Distribution distribution={distribution} />
      <section className="section" aria-labelledby="reqs-title">
        <h2 id="reqs-title" className="section-title">Requirements <span className="muted small">{card.requirements.length}, total weight {totalWeight}</span></h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr><th scope="col">Requirement</th><th scope="col">Category</th><th scope="col" className="num">Weight</th><th scope="col" className="num">Share</th><th scope="col">Gate</th><th scope="col">Why it matters</th></tr>
            </thead>
            <tbody>
              {[...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([cat, reqs]) => reqs.map((r) => (
                <tr key={r.id}>
                  <td><strong>{r.title}</strong><div className="muted small"><code>{r.id}</code> · {r.checkType} check</div></td>
                  <td>{cat}</td>
                  <td className="num">{r.weight}</td>
                  <td className="num">{totalWeight ? `${Math.round((r.weight / totalWeight) * 100)}%` : '—'}</td>
                  <td>{r.gate ? <span title={`While this fails, the grade is at most ${r.gate}`}>at most <GradeBadge grade={r.gate} /></span> : <span className="muted">—</span>}</td>
                  <td className="rationale">{r.rationale ?? <span className="muted">—</span>}</td>
                </tr>
              )))}
            </tbody>
          </table>
        </div>
      </section>
      <div className="section">
        <Card title="Versions">
          {card.versions.length === 0 ? <p className="muted">Only the current version{card.version ? <> (<code>{card.version.slice(0, 12)}</code>)</> : null} is known.</p> : (
            <ol className="link-list">
              {card.versions.map((v) => (
                <li key={v.version}><code>{v.version.slice(0, 12)}</code> <span className="muted small">first seen {formatDate(v.firstSeenAt)}</span>{v.version === card.version && <span className="chip">current</span>}</li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}
