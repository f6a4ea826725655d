// Alert statistics and fatigue: firings per day (a bar chart), the noisiest alerts (bars of firings
// per week), and a table with flapping, time firing, pages nobody acknowledged and who was woken.
import { useState } from 'react';
import { useAlertStats, type AlertStatsReport } from '../../api/alerts.ts';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { duration, userName } from './format.ts';

type Stat = AlertStatsReport['alerts'][number];

function DailyChart({ report }: { report: AlertStatsReport }) {
  const days = report.alerts[0]?.daily.length ?? 0;
  const totals = Array.from({ length: days }, (_, i) => report.alerts.reduce((n, a) => n + (a.daily[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const W = 720;
  const H = 120;
  const bw = W / Math.max(1, days);
  const label = `Firings per day over ${days} days: ${report.summary.firings} in all, at most ${max} a day`;
  return (
    <figure className="alerts-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none">
        {totals.map((v, i) => <rect key={i} x={i * bw + 1} width={Math.max(1, bw - 2)} y={H - (v / max) * H} height={(v / max) * H} fill="var(--accent)"><title>{`${new Date(Date.parse(report.from) + i * 86_400_000).toISOString().slice(0, 10)}: ${v}`}</title></rect>)}
      </svg>
      <div className="alerts-chart-axis small muted"><span>{report.from.slice(0, 10)}</span><span>{report.to.slice(0, 10)}</span></div>
      <figcaption className="small muted">{label}.</figcaption>
    </figure>
  );
}

function NoisiestChart({ alerts }: { alerts: Stat[] }) {
  const top = alerts.filter((a) => a.firings > 0).slice(0, 8);
  if (top.length === 0) return null;
  const max = Math.max(...top.map((a) => a.firingsPerWeek));
  return (
    <figure className="alerts-noisiest" aria-label="The noisiest alerts: firings per week">
      <figcaption className="small muted">The noisiest alerts, firings per week</figcaption>
      {top.map((a) => (
        <div key={a.alert} className="alerts-noisy-row">
          <span className="alerts-noisy-name">{a.alert}</span>
          <span className="alerts-noisy-bar"><span style={{ width: `${(a.firingsPerWeek / max) * 100}%` }} /></span>
          <span className="num small">{a.firingsPerWeek}</span>
        </div>
      ))}
    </figure>
  );
}

function StatsTable({ alerts }: { alerts: Stat[] }) {
  return (
    <table className="table">
      <thead><tr><th>Alert</th><th>Service</th><th className="num">Firings / week</th><th className="num">Flaps</th><th className="num">Time firing</th><th className="num">Pages</th><th className="num">Never ACKed</th><th>Woke</th></tr></thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.alert}>
            <td>{a.alert}{a.notActionable && <span className="alerts-tag" title="Paged, and nobody ever acknowledged it">not actionable?</span>}</td>
            <td>{a.service ?? '–'}</td>
            <td className="num">{a.firingsPerWeek}</td>
            <td className="num">{a.flaps}</td>
            <td className="num">{duration(a.secondsFiring)}</td>
            <td className="num">{a.pages}</td>
            <td className="num">{a.neverAcknowledged}</td>
            <td className="small">{a.woke.map((w) => `${userName(w.user)} ${w.pages}${w.offHours ? ` (${w.offHours} off hours)` : ''}`).join(', ') || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AlertStatsSection() {
  const [days, setDays] = useState(28);
  const q = useAlertStats(days);
  const picker = (
    <label className="small">Last <select value={days} onChange={(e) => setDays(Number(e.target.value))}>{[7, 28, 90].map((d) => <option key={d} value={d}>{d} days</option>)}</select></label>
  );
  return (
    <Card title="Alert statistics" extra={picker}>
      {q.isPending ? <Loading rows={4} /> : q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : q.data.alerts.length === 0 ? (
        <Empty title="No alert fired and nothing paged">No ALERTS series in Prometheus and no pages in the last {days} days.</Empty>
      ) : (
        <>
          <p className="small">{q.data.summary.alerts} alert(s), {q.data.summary.firings} firing(s), {q.data.summary.pages} page(s); {q.data.summary.flapping} flapping, {q.data.summary.notActionable} paged and never acknowledged.</p>
          <DailyChart report={q.data} />
          <NoisiestChart alerts={q.data.alerts} />
          <StatsTable alerts={q.data.alerts} />
        </>
      )}
    </Card>
  );
}
