// A compact stacked bar chart of changes per hour or day, coloured by kind. Plain SVG: it is
// small, themable with CSS variables, and the totals are also given as text.
import { CHANGE_KINDS } from '../../../common/change-kinds.ts';
import type { Timeline as TimelineData } from '../../api/changes.ts';

const HEIGHT = 72;

export function Timeline({ data, bucket }: { data: TimelineData; bucket: 'hour' | 'day' }) {
  const buckets = data.buckets;
  if (buckets.length === 0) return null;
  const totals = buckets.map((b) => b.total);
  const max = Math.max(1, ...totals);
  const total = totals.reduce((a, n) => a + n, 0);
  const byKind = new Map<string, number>();
  for (const b of buckets) for (const [k, n] of Object.entries(b.byKind)) byKind.set(k, (byKind.get(k) ?? 0) + n);
  const kinds = [...CHANGE_KINDS.filter((k) => byKind.has(k)), ...[...byKind.keys()].filter((k) => !(CHANGE_KINDS as readonly string[]).includes(k))];
  const width = Math.max(buckets.length * 10, 200);
  const barW = width / buckets.length;
  const summary = `${total} changes in ${buckets.length} ${bucket}s; ${kinds.map((k) => `${byKind.get(k)} ${k}`).join(', ')}`;
  return (
    <figure className="card timeline">
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" className="timeline-svg" role="img" aria-label={`Changes per ${bucket}: ${summary}`}>
        {buckets.map((b, i) => {
          let y = HEIGHT;
          return (
            <g key={b.start}>
              <title>{`${new Date(b.start).toLocaleString()}: ${totals[i]} changes`}</title>
              {kinds.map((k) => {
                const n = b.byKind[k] ?? 0;
                if (!n) return null;
                const h = (n / max) * (HEIGHT - 4);
                y -= h;
                return <rect key={k} x={i * barW + 1} y={y} width={Math.max(1, barW - 2)} height={h} className={`fill-kind-${k}`} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="timeline-caption">
        <span className="muted small">
          {new Date(buckets[0].start).toLocaleDateString()} – {new Date(buckets[buckets.length - 1].start).toLocaleDateString()}, per {bucket}
        </span>
        <ul className="legend legend-inline">
          {kinds.map((k) => (
            <li key={k}><span className={`swatch fill-bg-kind-${k}`} aria-hidden="true" />{k} <span className="muted">{byKind.get(k)}</span></li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
