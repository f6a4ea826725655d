// Teams owning F services and, per service, the failing requirements that cost the most points:
// where the SRE team's extra help goes first.
import { Link } from 'react-router';
import { servicePath } from '../../../common/links.ts';
import { useFTeamsReport, type FTeamsReport } from '../../api/reports.ts';
import { formatScore } from '../../components/format.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { PageHead } from '../../components/PageHead.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { Empty } from '../../components/States.tsx';
import { TeamLink } from '../../components/TeamLink.tsx';
import './workflows.css';

export default function FTeamsPage() {
  const query = useFTeamsReport();
  return (
    <>
      <PageHead title="Teams with F services" lead="F services get no SRE support until fixed, and extra help to get there: these fixes bring the most points first." />
      <QueryBody query={query} label="Loading the F teams…">
        {(data) => data.teams.length === 0 ? <Empty title="No F service"><p>Every graded service is D or better.</p></Empty> : <Teams data={data} />}
      </QueryBody>
    </>
  );
}

function Teams({ data }: { data: FTeamsReport }) {
  return (
    <>
      {data.teams.map((t) => (
        <div key={t.team} className="section">
          <Card title={<><TeamLink teamRef={t.team} /> <span className="count count-danger">{t.fServices} F</span></>}>
            <ul className="link-list">
              {t.services.map((s) => (
                <li key={s.ref}>
                  <GradeBadge grade="F" /> <Link to={servicePath(s.ref) ?? '#'} className="strong">{s.name}</Link> <span className="muted small">{formatScore(s.score)}</span>
                  {s.costliest.length > 0 && (
                    <ol className="cost-list" aria-label={`Costliest requirements of ${s.name}`}>
                      {s.costliest.map((c) => <li key={c.requirement}>{c.title} <span className="muted">+{c.points.toFixed(1)} points</span></li>)}
                    </ol>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        </div>
      ))}
      {data.scorecard && <p className="muted small">On the {data.scorecard} scorecard.</p>}
    </>
  );
}
