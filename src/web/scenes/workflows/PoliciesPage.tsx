// What each grade means: per policy, the deploy window, build priority and SRE support of every
// grade, how an ungraded service is treated, and the freezes. From GET /api/v1/policies.
import { Link } from 'react-router';
import { GRADES } from '../../../common/grades.ts';
import { usePolicies, type DeployRule, type Policy } from '../../api/policies.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { PageHead } from '../../components/PageHead.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { Empty } from '../../components/States.tsx';
import './workflows.css';

const SUPPORT: Record<string, string> = { full: 'Full', 'best-effort': 'Best effort', none: 'None' };

/** "Any time", "Never", or "mon-fri 06:00–22:00; sat 10:00–12:00". */
export function deployText(rule: DeployRule): string {
  if (rule === 'always') return 'Any time';
  if (rule === 'never') return 'Never, until the grade recovers';
  return rule.windows.map((w) => `${w.days.join(', ')} ${w.from}–${w.to}`).join('; ');
}

function ungradedText(u: string): string {
  if (u === 'allow') return 'Services without a grade may always deploy.';
  if (u === 'deny') return 'Services without a grade may not deploy.';
  return `A service without a grade yet is treated as ${u}.`;
}

export default function PoliciesPage() {
  const query = usePolicies();
  return (
    <>
      <PageHead title="What grades mean" lead="Each grade's deploy window, build priority and SRE support, as the policies in force say." />
      <QueryBody query={query} label="Loading the policies…">
        {(data) => (
          <>
            {data.lastLoad.problems.length > 0 && (
              <div className="notice section" role="note">
                <strong>The last load of the policy files had problems; the previous policies stay in force.</strong>
                <ul>{data.lastLoad.problems.map((p, i) => <li key={i}>{[p.file, p.line, p.field].filter(Boolean).join(':')} {p.message}</li>)}</ul>
              </div>
            )}
            {data.policies.length === 0 ? (
              <Empty title="No policy yet"><p>Without a Policy document grades change nothing. See <code>examples/acme/policies/deploy-by-grade.yaml</code>.</p></Empty>
            ) : data.policies.map((p) => <PolicyCard key={p.name} policy={p} />)}
          </>
        )}
      </QueryBody>
    </>
  );
}

function PolicyCard({ policy: p }: { policy: Policy }) {
  const grades = p.document.spec.grades;
  const freezes = p.document.spec.freezes ?? [];
  return (
    <div className="section">
      <Card title={p.title ?? p.name}>
        <p className="muted small">Grades of the <Link to={`/scorecards/${encodeURIComponent(p.scorecard)}`}>{p.scorecard}</Link> scorecard; times in {p.timeZone}.</p>
        <div className="table-wrap">
          <table className="table policy-grades">
            <caption className="visually-hidden">What each grade means under {p.title ?? p.name}</caption>
            <thead><tr><th scope="col">Grade</th><th scope="col">Deploys</th><th scope="col" className="num">Build priority</th><th scope="col">SRE support</th></tr></thead>
            <tbody>
              {GRADES.filter((g) => grades[g]).map((g) => (
                <tr key={g}>
                  <th scope="row"><GradeBadge grade={g} /></th>
                  <td>{deployText(grades[g].deploy)}</td>
                  <td className="num">{grades[g].buildPriority}</td>
                  <td><span className={`pill pill-support-${grades[g].support}`}>{SUPPORT[grades[g].support] ?? grades[g].support}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">{ungradedText(p.ungraded)} Higher build priority runs first.</p>
        {freezes.length > 0 && (
          <>
            <h3 className="card-subtitle">Freezes</h3>
            <ul className="link-list">
              {freezes.map((f) => <li key={f.name}><strong>{f.name}</strong>: {f.from} to {f.to}{f.exempt?.length ? `, except ${f.exempt.join(', ')}` : ''}{f.reason ? ` — ${f.reason}` : ''}</li>)}
            </ul>
          </>
        )}
      </Card>
    </div>
  );
}
