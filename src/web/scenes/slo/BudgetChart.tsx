// The error budget burning down over the SLO's window, step by step, from every sample Prometheus
// gave: the budget is the window's allowance of bad events (1 − target of all its events), and each
// step's bad events spend it. It ends at the budget left now; below zero it is overspent.
import type { SloBudget } from '../../api/slo.ts';
import { pct } from './format.ts';

export function budgetCurve(b: SloBudget): { t: number; left: number }[] {
  const allowance = b.samples.reduce((n, [, , total]) => n + total, 0) * b.errorBudget;
  if (allowance <= 0) return [];
  let bad = 0;
  return b.samples.map(([t, stepBad]) => {
    bad += stepBad;
    return { t, left: 1 - bad / allowance };
  });
}

export function BudgetChart({ budget }: { budget: SloBudget }) {
  const curve = budgetCurve(budget);
  if (curve.length < 2) return <p className="muted">Not enough samples to draw the budget.</p>;
  const W = 720;
  const H = 200;
  const t0 = curve[0].t;
  const t1 = curve[curve.length - 1].t;
  const lo = Math.min(0, ...curve.map((p) => p.left));
  const hi = 1;
  const x = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * W;
  const y = (v: number) => H - ((v - lo) / (hi - lo)) * H;
  const path = curve.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.left).toFixed(1)}`).join(' ');
  const last = curve[curve.length - 1];
  const label = `Error budget left over the window, burning down from 100 % to ${pct(last.left)} (${curve.length} steps of ${budget.step} s)`;
  return (
    <figure className="slo-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none">
        <line x1={0} x2={W} y1={y(0)} y2={y(0)} stroke="var(--danger)" strokeDasharray="4 4" />
        <line x1={0} x2={W} y1={y(1)} y2={y(1)} stroke="var(--border-strong)" />
        <path d={path} fill="none" stroke={last.left >= 0 ? 'var(--accent)' : 'var(--danger)'} strokeWidth={2} vectorEffect="non-scaling-stroke" />
      </svg>
      <div className="slo-chart-axis small muted"><span>{new Date(t0 * 1000).toISOString().slice(0, 16).replace('T', ' ')}</span><span>{new Date(t1 * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC</span></div>
      <figcaption className="small muted">{label}. The dashed line is an empty budget.</figcaption>
    </figure>
  );
}
