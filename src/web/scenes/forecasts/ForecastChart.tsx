// The forecast chart, readable at a glance: the usage history, the forecast line with its 95 %
// band, the capacity line, and two markers — when it is full at worst, and now + lead time +
// safety margin. A worst-case date left of the lead-time marker is the warning.
import type { ResourceForecastDetail } from '../../api/forecasts.ts';

const W = 900;
const H = 300;
const PAD = { left: 56, right: 16, top: 16, bottom: 28 };

export function ForecastChart({ d }: { d: ResourceForecastDetail }) {
  const f = d.forecast;
  const ts = [...d.history.map((p) => p[0]), ...d.line.map((p) => p[0]), Date.parse(d.leadTimeAt)];
  const ys = [...d.history.flatMap((p) => (p[1] === null ? [] : [p[1]])), ...d.line.flatMap((p) => [p[2], p[3]]), f.capacity ?? 0];
  const x0 = Math.min(...ts);
  const x1 = Math.max(...ts);
  const y0 = Math.min(0, ...ys);
  const y1 = Math.max(...ys) * 1.05 || 1;
  const x = (t: number) => PAD.left + ((t - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const path = (pts: [number, number][]) => pts.map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('');
  const history = path(d.history.filter((p): p is [number, number] => p[1] !== null));
  const line = path(d.line.map((p) => [p[0], p[1]]));
  const band = d.line.length ? `${path(d.line.map((p) => [p[0], p[3]]))}${d.line.slice().reverse().map((p) => `L${x(p[0]).toFixed(1)},${y(p[2]).toFixed(1)}`).join('')}Z` : '';
  const full = f.pessimisticAt ? Date.parse(f.pessimisticAt) : null;
  const lead = Date.parse(d.leadTimeAt);
  const now = Date.parse(d.evaluatedAt);
  const label = `${f.title}: usage ${f.usage ?? '?'} of ${f.capacity ?? '?'}${f.unit ? ` ${f.unit}` : ''}; ${full ? `full at worst on ${f.pessimisticAt!.slice(0, 10)}` : 'no exhaustion date'}; lead time and margin end on ${d.leadTimeAt.slice(0, 10)}.`;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((k) => x0 + k * (x1 - x0));
  return (
    <figure className="forecast-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        {[0, 0.5, 1].map((k) => {
          const v = y0 + k * (y1 - y0);
          return <g key={k}><line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="fc-grid" /><text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="fc-tick">{Math.round(v)}</text></g>;
        })}
        {ticks.map((t, i) => <text key={t} x={x(t)} y={H - 8} textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'} className="fc-tick">{new Date(t).toISOString().slice(0, 10)}</text>)}
        {band && <path d={band} className="fc-band" data-testid="fc-band" />}
        <path d={history} className="fc-history" data-testid="fc-history" />
        {line && <path d={line} className="fc-line" data-testid="fc-line" />}
        {f.capacity !== null && <g><line x1={PAD.left} x2={W - PAD.right} y1={y(f.capacity)} y2={y(f.capacity)} className="fc-capacity" data-testid="fc-capacity" /><text x={W - PAD.right} y={y(f.capacity) - 4} textAnchor="end" className="fc-label fc-capacity-label">capacity {f.capacity}{f.unit ? ` ${f.unit}` : ''}</text></g>}
        <line x1={x(now)} x2={x(now)} y1={PAD.top} y2={H - PAD.bottom} className="fc-now" />
        <g data-testid="fc-lead"><line x1={x(lead)} x2={x(lead)} y1={PAD.top} y2={H - PAD.bottom} className="fc-lead" /><text x={x(lead) - 4} y={PAD.top + 12} textAnchor="end" className="fc-label">lead time + margin {d.leadTimeAt.slice(0, 10)}</text></g>
        {full !== null && full <= x1 && <g data-testid="fc-full"><line x1={x(full)} x2={x(full)} y1={PAD.top} y2={H - PAD.bottom} className="fc-full" /><text x={x(full) - 4} y={PAD.top + 28} textAnchor="end" className="fc-label fc-full-label">full at worst {f.pessimisticAt!.slice(0, 10)}</text></g>}
      </svg>
      <figcaption className="small muted">History (solid), forecast ({f.method}, dashed) with its 95 % band, capacity (red). {label}</figcaption>
    </figure>
  );
}
