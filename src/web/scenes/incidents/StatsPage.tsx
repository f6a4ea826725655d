// Incident statistics per team or service: incidents by severity per week (a stacked bar chart)
// and minutes to detect, mitigate and resolve (median and p90). Drills are left out.
import { Link } from 'react-router';
import { useIncidentStats, type StatsView } from '../../api/incidents.ts';
import { Card } from '../../components/Section.tsx';
import { TextFilter } from '../../components/Select.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { minutes } from './format.ts';
import './incidents.css';

const COLORS: Record<string, string> = { SEV1: 'var(--danger)', SEV2: 'var(--warning)', SEV3: 'var(--accent)', SEV4: 'var(--muted)' };

function WeeklyChart({ stats }: { stats: StatsView }) {
  const levels = [...new Set(stats.weeks.flatMap((w) => Object.keys(w.bySeverity)))].sort();
  const max = Math.max(1, ...stats.weeks.map((w) => Object.values(w.bySeverity).reduce((a, b) => a + b, 0)));
  const W = 28;
  const H = 120;
  const summary = `Incidents per week: ${stats.weeks.map((w) => `${w.start.slice(0, 10)} ${Object.values(w.bySeverity).reduce((a, b) => a + b, 0)}`).join(', ')}`;
  return (
    <svg role="img" aria-label={summary} viewBox={`0 0 ${stats.weeks.length * W} ${H + 16}`} className="stats-chart">
      {stats.weeks.map((w, i) => {
        let y = H;
        return (
          <g key={w.start}>
            {levels.map((l) => {
              const h = ((w.bySeverity[l] ?? 0) / max) * H;
              y -= h;
              return h > 0 ? <rect key={l} x={i * W + 4} y={y} width={W - 8} height={h} fill={COLORS[l] ?? 'var(--accent)'}><title>{`${w.start.slice(0, 10)}: ${w.bySeverity[l]} ${l}`}</title></rect> : null;
            })}
          </g>
        );
      })}
      <line x1={0} x2={stats.weeks.length * W} y1={H} y2={H} stroke="var(--border-strong)" />
    </svg>
  );
}

export default function StatsPage() {
  useTitle('Incident statistics');
  const [params, setParams] = useQueryParams(['team', 'entity'] as const);
  const stats = useIncidentStats({ team: params.team || undefined, entity: params.team ? undefined : params.entity || undefined });
  return (
    <>
      <div className="page-head">
        <nav className="breadcrumb" aria-label="Breadcrumb"><Link to="/incidents">Incidents</Link><span aria-hidden="true">›</span><span>Statistics</span></nav>
        <h1>Incident statistics</h1>
        <p className="lead">Per team or service over the last 90 days: incidents by severity, and how long detecting, mitigating and resolving took. Drills are left out.</p>
      </div>
      <div className="filters">
        <TextFilter label="Team" value={params.team} onChange={(v) => setParams({ team: v })} placeholder="team-payments" />
        <TextFilter label="Service" value={params.entity} onChange={(v) => setParams({ entity: v })} placeholder="checkout" />
      </div>
      {!params.team && !params.entity ? <Empty title="Choose a team or a service" /> : stats.isPending ? <Loading rows={4} /> : stats.isError ? <ErrorState error={stats.error} /> : (
        <div className="incident-grid">
          <Card title={`Incidents by severity (${stats.data.count})`}>
            <p className="small">{Object.entries(stats.data.bySeverity).map(([k, v]) => `${k}: ${v}`).join(' · ') || 'none'}</p>
            <WeeklyChart stats={stats.data} />
          </Card>
          <Card title="Minutes, from the impact's start">
            <table className="table">
              <thead><tr><th>To</th><th className="num">median</th><th className="num">p90</th></tr></thead>
              <tbody>{(['toDetect', 'toMitigate', 'toResolve'] as const).map((k) => (
                <tr key={k}><td>{k.replace('to', '').toLowerCase()}</td><td className="num">{minutes(stats.data.minutes[k]?.median)}</td><td className="num">{minutes(stats.data.minutes[k]?.p90)}</td></tr>
              ))}</tbody>
            </table>
          </Card>
        </div>
      )}
    </>
  );
}
