// The lint of the server's rule files (alerts.ruleFiles) by service, and every finding with its
// file and line — what `tally alerts lint` prints, on the server.
import { useRuleLint } from '../../api/alerts.ts';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';

export function RuleLint() {
  const q = useRuleLint();
  const d = q.data;
  return (
    <Card title="Rule lint" extra={d ? `${d.summary.errors} error(s), ${d.summary.warnings} warning(s)` : undefined}>
      {q.isPending ? <Loading rows={3} /> : q.isError ? <ErrorState error={q.error} /> : d!.summary.files === 0 && d!.problems.length === 0 ? (
        <Empty title="No rule files">List Prometheus rule files under alerts.ruleFiles in tally.yaml to lint them here and feed the alerts check.</Empty>
      ) : (
        <>
          <table className="table" aria-label="Alerting rules by service">
            <thead><tr><th>Service</th><th className="num">Alerts</th><th className="num">With runbook</th><th className="num">Errors</th><th className="num">Warnings</th></tr></thead>
            <tbody>
              {d!.services.map((s) => (
                <tr key={s.service ?? ''}><td>{s.service ?? 'No service label'}</td><td className="num">{s.alerts}</td><td className="num">{s.withRunbook}</td><td className="num">{s.errors}</td><td className="num">{s.warnings}</td></tr>
              ))}
            </tbody>
          </table>
          {d!.problems.map((p, i) => <p key={i} className="alerts-problem">{p.file}{p.line ? `:${p.line}` : ''}: {p.message}</p>)}
          <details>
            <summary>{d!.findings.length} finding(s)</summary>
            <ul className="alerts-findings small">
              {d!.findings.map((f, i) => <li key={i}><code>{f.file}:{f.line}</code> <strong>{f.rule}</strong> {f.level} [{f.check}]: {f.problem} — {f.hint}</li>)}
            </ul>
          </details>
        </>
      )}
    </Card>
  );
}
