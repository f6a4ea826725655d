// One resource: the chart, the dates, the backtests of each method, and scenarios (delivery
// delayed, demand up, capacity lost) that move the dates.
import { Link } from 'react-router';
import { useResourceForecast } from '../../api/forecasts.ts';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { ForecastChart } from './ForecastChart.tsx';
import { day, num, STATUS_CLASS, STATUS_LABEL } from './format.ts';
import './forecasts.css';

const SCENARIOS = [
  { key: 'delayDays', label: 'Delivery delayed (days)' },
  { key: 'demandUpPercent', label: 'Demand up (%)' },
  { key: 'capacityLostPercent', label: 'Capacity lost (%)' },
] as const;

export default function ResourceForecastPage() {
  const [params, setParams] = useQueryParams(['ref', 'delayDays', 'demandUpPercent', 'capacityLostPercent', 'siteLost'] as const);
  const scenario = { ...Object.fromEntries(SCENARIOS.flatMap((s) => (params[s.key] && Number.isFinite(Number(params[s.key])) ? [[s.key, Number(params[s.key])]] : []))), ...(params.siteLost ? { siteLost: params.siteLost } : {}) };
  const q = useResourceForecast(params.ref, scenario);
  useTitle(q.data ? `${q.data.forecast.title} forecast` : 'Forecast');
  if (!params.ref) return <Empty title="No resource chosen"><Link to="/forecasts">All forecasts</Link></Empty>;
  return (
    <>
      <div className="page-head">
        <nav className="breadcrumb" aria-label="Breadcrumb"><Link to="/forecasts">Forecasts</Link><span aria-hidden="true">›</span><span>{q.data?.forecast.title ?? params.ref}</span></nav>
        <h1>{q.data?.forecast.title ?? params.ref}</h1>
      </div>
      {q.isPending ? <Loading rows={6} /> : q.isError ? <ErrorState error={q.error} /> : (() => {
        const d = q.data;
        const f = d.forecast;
        return (
          <div className="forecast-grid">
            <Card title={<span>Forecast <span className={STATUS_CLASS[f.status]}>{STATUS_LABEL[f.status]}</span></span>}>
              <p className="forecast-why">{f.why}</p>
              {f.status !== 'cannot-forecast' && <ForecastChart d={d} />}
              <dl className="forecast-facts">
                <dt>Full at worst</dt><dd>{day(f.pessimisticAt)}</dd>
                <dt>Full (expected)</dt><dd>{day(f.expectedAt)}</dd>
                <dt>Order by</dt><dd>{day(d.orderBy)}{d.orderBy && d.orderBy < d.evaluatedAt ? ' (already late)' : ''}</dd>
                <dt>Lead time + margin</dt><dd>{f.leadTimeDays} + {f.safetyMarginDays} days</dd>
                <dt>Usage / capacity</dt><dd>{num(f.usage)} / {num(f.capacity, f.unit)}</dd>
                <dt>Samples</dt><dd>{f.samples} ({f.source}, {f.kind})</dd>
              </dl>
            </Card>
            <Card title="Scenarios">
              <div className="forecast-scenarios">
                {SCENARIOS.map((s) => (
                  <label key={s.key}>{s.label}<input type="number" min={0} value={params[s.key]} onChange={(e) => setParams({ [s.key]: e.target.value })} /></label>
                ))}
                {f.sites.length > 0 && (
                  <label>Site lost
                    <select value={params.siteLost} onChange={(e) => setParams({ siteLost: e.target.value })}>
                      <option value="">none</option>
                      {f.sites.map((s) => <option key={s.name} value={s.name}>{s.name} ({num(s.capacity, f.unit)})</option>)}
                    </select>
                  </label>
                )}
              </div>
            </Card>
            <Card title="Backtests (rolling origin)">
              <table className="table">
                <thead><tr><th>Method</th><th>Origins</th><th>MAPE</th><th>95 % coverage</th></tr></thead>
                <tbody>
                  {f.backtests.map((b) => (
                    <tr key={b.method}><td>{b.method}{b.method === f.proposed ? ' (proposed)' : ''}</td><td>{b.origins}</td><td>{b.mape === null ? '—' : `${b.mape.toFixed(2)} %`}</td><td>{b.coverage95 === null ? '—' : `${b.coverage95.toFixed(0)} %`}</td></tr>
                  ))}
                </tbody>
              </table>
            </Card>
          </div>
        );
      })()}
    </>
  );
}
