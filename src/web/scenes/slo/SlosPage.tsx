// Every SLO with its error budget, read now from Prometheus: achieved, budget left, burn rates.
// An SLO Prometheus could not answer for says so ("could not evaluate"), never a green figure.
import { Link } from 'react-router';
import { useSlos } from '../../api/slo.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { burnText, pct, windowText } from './format.ts';
import './slo.css';

export default function SlosPage() {
  const slos = useSlos();
  return (
    <>
      <PageHead title="SLOs" lead="Service level objectives from the OpenSLO documents in the catalog sources, with the error budget left in each window, computed from Prometheus." />
      {slos.isPending ? <Loading rows={4} /> : slos.isError ? <ErrorState error={slos.error} /> : slos.data.slos.length === 0 ? (
        <Empty title="No SLOs yet">Add OpenSLO documents (apiVersion openslo/v1) to the catalog sources; docs/slo.md shows how.</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr><th>SLO</th><th>Service</th><th className="num">Objective</th><th className="num">Achieved</th><th>Budget left</th><th>Burn rates</th></tr>
          </thead>
          <tbody>
            {slos.data.slos.map((s) => (
              <tr key={s.slo}>
                <td><Link to={`/slo/${encodeURIComponent(s.slo)}`}>{s.displayName}</Link></td>
                <td>{s.service}</td>
                <td className="num">{s.targetPercent} % / {windowText(s.window.seconds)}</td>
                <td className="num">{pct(s.sli, 5)}</td>
                <td>{s.state === 'ok' ? <BudgetBar left={s.budgetRemaining!} /> : <span className={`slo-state slo-${s.state}`}>{s.message}</span>}</td>
                <td className="small">{s.burnRates.filter((r) => r.rate !== null).map((r) => `${r.window} ${burnText(r.rate)}`).join(' · ') || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function BudgetBar({ left }: { left: number }) {
  const width = Math.max(0, Math.min(1, left)) * 100;
  return (
    <span className="slo-bar" title={`${pct(left)} of the error budget left`}>
      <span className={`slo-bar-fill ${left < 0 ? 'spent' : left < 0.25 ? 'low' : ''}`} style={{ width: `${width}%` }} />
      <span className="slo-bar-text">{left < 0 ? `spent (${pct(-left)} over)` : pct(left)}</span>
    </span>
  );
}
