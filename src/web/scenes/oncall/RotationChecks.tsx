// "Rotation checks" on the on-call page: every scorecard that has `rotation` requirements, with
// each service's result on them — so a rotation that is too small or unfair shows where people
// look for who is on call, not only on the report cards.
import { Link } from 'react-router';
import { useScorecard, useScorecardResults, useScorecards } from '../../api/scorecards.ts';
import { Card } from '../../components/Section.tsx';
import { shortRef } from './format.ts';

const STATE_LABEL: Record<string, string> = { pass: 'passes', warn: 'warns', fail: 'fails', error: 'could not evaluate', stale: 'stale', 'n/a': 'n/a', exempt: 'exempt' };

export function RotationChecks() {
  const list = useScorecards();
  return <>{list.data?.map((s) => <ScorecardRotationChecks key={s.name} name={s.name} />)}</>;
}

function ScorecardRotationChecks({ name }: { name: string }) {
  const card = useScorecard(name);
  const rotationReqs = (card.data?.requirements ?? []).filter((r) => r.checkType === 'rotation');
  const results = useScorecardResults(rotationReqs.length > 0 ? name : '');
  if (rotationReqs.length === 0 || !results.data) return null;
  const titles = new Map(rotationReqs.map((r) => [r.id, r.title]));
  const rows = results.data.results.map((r) => ({ entity: r.entity, grade: r.grade, reqs: r.requirements.filter((q) => titles.has(q.id)) })).filter((r) => r.reqs.length > 0);
  return (
    <Card title={`Rotation checks: ${card.data!.title}`} extra={<Link to={`/scorecards/${name}`}>the scorecard</Link>}>
      <ul className="page-list" aria-label={`Rotation checks of ${card.data!.title}`}>
        {rows.map((r) => {
          const failing = r.reqs.filter((q) => q.status !== 'pass' && q.status !== 'n/a' && q.status !== 'exempt');
          return (
            <li key={r.entity} className="check-row" data-entity={shortRef(r.entity)}>
              <Link to={`/entities/${shortRef(r.entity)}`} className="strong">{shortRef(r.entity)}</Link>
              <span className={failing.length ? 'page-status-triggered' : 'page-status-resolved'}>{r.grade ?? '—'}</span>
              <span>
                {failing.length === 0 ? (
                  <span className="muted small">all {r.reqs.length} rotation checks pass</span>
                ) : (
                  failing.map((q) => (
                    <div key={q.id} className="small">
                      <span className="strong">{titles.get(q.id)}</span> {STATE_LABEL[q.status] ?? q.status}: {q.message}
                    </div>
                  ))
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
