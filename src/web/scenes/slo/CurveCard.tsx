// The inverted SLO: the histogram behind an SLO drawn as threshold → share of requests at or under
// it, over a period the reader picks. Points are the bucket bounds (exact there); Prometheus
// interpolates linearly between them, so the line does too. The objective's threshold is marked,
// and the objective suggested from the last 28 days is written out under the chart.
import { useState } from 'react';
import { useSloCurve, type SloCurve } from '../../api/slo.ts';
import { Card } from '../../components/Section.tsx';
import { Loading } from '../../components/States.tsx';
import { latencyText, pct } from './format.ts';

const PERIODS = ['1d', '7d', '28d'] as const;

export function CurveCard({ name }: { name: string }) {
  const [period, setPeriod] = useState<string>('7d');
  const curve = useSloCurve(name, period);
  return (
    <Card title="Latency curve (inverted SLO)">
      <div className="segmented slo-periods" role="group" aria-label="Period">
        {PERIODS.map((p) => (
          <button key={p} type="button" aria-pressed={p === period} onClick={() => setPeriod(p)}>{`last ${p}`}</button>
        ))}
      </div>
      {curve.isPending ? <Loading rows={3} /> : curve.isError ? <p className="slo-state slo-error">{String(curve.error)}</p> : <CurveBody c={curve.data} />}
    </Card>
  );
}

function CurveBody({ c }: { c: SloCurve }) {
  if (c.state !== 'ok') return <p className={`slo-state slo-${c.state}`}>{c.message}</p>;
  return (
    <>
      <p>{c.message}.</p>
      <CurveChart c={c} />
      {c.suggestion && <p className="slo-suggestion"><strong>Suggested objective.</strong> {c.suggestion.message}</p>}
      <p className="small muted">Histogram <code>{c.histogram}</code>; {Math.round(c.observations ?? 0).toLocaleString('en')} observations from {c.period.start.slice(0, 16).replace('T', ' ')} to {c.period.end.slice(0, 16).replace('T', ' ')} UTC.</p>
    </>
  );
}

function CurveChart({ c }: { c: SloCurve }) {
  const W = 720;
  const H = 220;
  const pts = c.points.filter((p) => p.le > 0);
  if (pts.length < 2) return <p className="muted">Too few buckets to draw a curve.</p>;
  const lo = Math.log10(pts[0].le);
  const hi = Math.log10(pts[pts.length - 1].le);
  const minShare = Math.min(...pts.map((p) => p.share));
  const x = (le: number) => ((Math.log10(le) - lo) / Math.max(1e-9, hi - lo)) * W;
  const y = (share: number) => H - ((share - minShare) / Math.max(1e-9, 1 - minShare)) * H;
  const path = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.le).toFixed(1)},${y(p.share).toFixed(1)}`).join(' ');
  const t = c.objective.threshold;
  const label = `Share of requests at or under each latency over the last ${c.period.seconds / 86_400} d: ${pts.map((p) => `${latencyText(p.le)} ${pct(p.share)}`).join(', ')}`;
  return (
    <figure className="slo-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none">
        {t !== null && t > 0 && <line x1={x(t)} x2={x(t)} y1={0} y2={H} stroke="var(--danger)" strokeDasharray="4 4" />}
        <line x1={0} x2={W} y1={y(c.objective.quantile)} y2={y(c.objective.quantile)} stroke="var(--border-strong)" strokeDasharray="2 4" />
        <path d={path} fill="none" stroke="var(--accent)" strokeWidth={2} vectorEffect="non-scaling-stroke" />
      </svg>
      <div className="slo-chart-axis small muted">{pts.map((p) => <span key={p.le}>{latencyText(p.le)}</span>)}</div>
      <figcaption className="small muted">Latency (log scale) → share of requests at or under it, from {pct(minShare)} to 100 %. Dotted: the objective’s {pct(c.objective.quantile)}{t !== null ? `; dashed: its ${latencyText(t)}` : ''}.</figcaption>
      <table className="table slo-curve-table">
        <thead><tr><th>Under</th><th className="num">Share of requests</th></tr></thead>
        <tbody>{c.points.map((p) => <tr key={p.le}><td>{latencyText(p.le)}</td><td className="num">{pct(p.share, 5)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
