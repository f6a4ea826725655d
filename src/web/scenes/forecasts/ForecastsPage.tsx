// Resources by time to exhaustion: flagged first (their pessimistic date falls within lead time
// plus safety margin), then the soonest; those that cannot be forecast say why.
import { Link } from 'react-router';
import { useForecasts } from '../../api/forecasts.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { bestBacktest, day, num, STATUS_CLASS, STATUS_LABEL } from './format.ts';
import './forecasts.css';

export default function ForecastsPage() {
  const list = useForecasts();
  return (
    <>
      <PageHead title="Forecasts" lead="When each resource runs out, at worst (the upper 95 % bound), against the time it takes to add capacity.">
        <Link className="button" to="/capacity">Capacity planner</Link>
      </PageHead>
      {list.isPending ? <Loading rows={5} /> : list.isError ? <ErrorState error={list.error} /> : list.data.items.length === 0 ? (
        <Empty title="No resources with a capacity">Annotate a Resource with tally.dev/capacity and tally.dev/lead-time (docs/forecasts.md).</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table forecasts-table">
            <thead>
              <tr><th>Resource</th><th>Status</th><th>Full at worst</th><th>Days left</th><th>Lead time + margin</th><th>Usage / capacity</th><th>Best backtest (MAPE)</th><th>Why</th></tr>
            </thead>
            <tbody>
              {list.data.items.map((f) => (
                <tr key={f.ref} className={f.status === 'flagged' ? 'forecast-row-flagged' : undefined}>
                  <td><Link to={`/forecasts/resource?ref=${encodeURIComponent(f.ref)}`}>{f.title}</Link><div className="small muted">{f.ref}</div></td>
                  <td><span className={STATUS_CLASS[f.status]}>{STATUS_LABEL[f.status]}</span></td>
                  <td>{day(f.pessimisticAt)}</td>
                  <td>{f.daysLeft === null ? '—' : Math.round(f.daysLeft)}</td>
                  <td>{f.leadTimeDays + f.safetyMarginDays} days</td>
                  <td>{num(f.usage)} / {num(f.capacity, f.unit)}</td>
                  <td>{bestBacktest(f)}</td>
                  <td className="small">{f.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
