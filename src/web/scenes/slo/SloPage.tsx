// One SLO: what it promises, what was achieved, the budget chart over its window (every sample
// Prometheus gave), the latency curve when a histogram is behind it (the inverted SLO), the burn
// rates of its alert windows, and the query Tally asked.
import { Link, useParams } from 'react-router';
import { useSlo } from '../../api/slo.ts';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { BudgetChart } from './BudgetChart.tsx';
import { CurveCard } from './CurveCard.tsx';
import { BudgetBar } from './SlosPage.tsx';
import { burnText, pct, windowText } from './format.ts';
import './slo.css';

export default function SloPage() {
  const { name = '' } = useParams();
  useTitle(`SLO ${name}`);
  const slo = useSlo(name);
  return (
    <>
      <div className="page-head">
        <nav className="breadcrumb" aria-label="Breadcrumb"><Link to="/slo">SLOs</Link><span aria-hidden="true">›</span><span>{name}</span></nav>
        <h1>{slo.data?.displayName ?? name}</h1>
        {slo.data && <p className="lead">{slo.data.service}: {slo.data.targetPercent} % over {slo.data.window.rolling ? 'a rolling' : 'a calendar'} {windowText(slo.data.window.seconds)} window ({slo.data.kind === 'ratio' ? 'good events ÷ all events' : 'good timeslices ÷ all timeslices'}).</p>}
      </div>
      {slo.isPending ? <Loading rows={4} /> : slo.isError ? <ErrorState error={slo.error} /> : (
        <div className="slo-grid">
          <Card title="Error budget">
            <p className={`slo-state slo-${slo.data.state}`}>{slo.data.message}</p>
            {slo.data.state === 'ok' && (
              <dl className="slo-facts">
                <dt>Achieved</dt><dd>{pct(slo.data.sli, 6)}</dd>
                <dt>Budget left</dt><dd><BudgetBar left={slo.data.budgetRemaining!} /></dd>
                <dt>Events</dt><dd>{slo.data.events ? `${Math.round(slo.data.events.bad)} bad of ${Math.round(slo.data.events.total)}` : '–'}</dd>
              </dl>
            )}
            {slo.data.samples.length > 0 && <BudgetChart budget={slo.data} />}
          </Card>
          {slo.data.histogram && <CurveCard name={name} />}
          <Card title="Burn rates">
            <table className="table">
              <thead><tr><th>Window</th><th className="num">Burn rate</th></tr></thead>
              <tbody>{slo.data.burnRates.map((r) => <tr key={r.window}><td>{r.window}</td><td className="num">{burnText(r.rate)}</td></tr>)}</tbody>
            </table>
            <p className="small muted">1× spends exactly the budget over the window; the page alert fires at 14.4× (30 d) over 1 h and 5 m.</p>
          </Card>
          <Card title="Query">
            <p className="small">The figures: one instant query at {slo.data.window.end} on Prometheus “{slo.data.server}”:</p>
            <pre className="slo-query">{slo.data.instantQuery}</pre>
            <p className="small">The chart: one query_range from {slo.data.window.start} to {slo.data.window.end}, step {slo.data.step} s (each sample the events within its step):</p>
            <pre className="slo-query">{slo.data.query}</pre>
          </Card>
        </div>
      )}
    </>
  );
}
