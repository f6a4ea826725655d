// Every service, ranked. Virtualised: only the rows in view are in the DOM, so 10,000 stay smooth.
import { memo, useRef } from 'react';
import { Link } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { shortRef } from '../../../common/refs.ts';
import type { LeaderboardService } from '../../api/leaderboard.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { Trend } from '../../components/Trend.tsx';
import { servicePath } from '../../../common/links.ts';

const ROW_HEIGHT = 48;
const COLUMNS = ['Rank', 'Service', 'Owner', 'System', 'Tier', 'Score', 'Grade', '7 days', '30 days'];
const NUMERIC = new Set(['Rank', 'Score', '7 days', '30 days']);

export function ServicesTable({ services }: { services: LeaderboardService[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: services.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const rows = virtual.getVirtualItems();
  const before = rows.length ? rows[0].start : 0;
  const after = rows.length ? virtual.getTotalSize() - rows[rows.length - 1].end : 0;
  const height = Math.min(640, (services.length + 1) * ROW_HEIGHT + 2);

  return (
    <div ref={scroller} className="table-wrap table-scroll" style={{ height }} tabIndex={0} role="region" aria-label="Services, ranked">
      <table className="table table-fixed services-table" aria-rowcount={services.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => <th key={c} scope="col" className={NUMERIC.has(c) ? 'num' : undefined}>{c}</th>)}
          </tr>
        </thead>
        <tbody>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {rows.map((row) => (
            <ServiceRow key={services[row.index].ref} service={services[row.index]} index={row.index} />
          ))}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
}

/** One row; memoised so scrolling re-renders only the rows that enter the window. */
const ServiceRow = memo(function ServiceRow({ service: s, index }: { service: LeaderboardService; index: number }) {
  const to = servicePath(s.ref);
  return (
    <tr aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
      <td className="num rank">{s.rank}</td>
      <td className="ellipsis">{to ? <Link to={to} className="strong">{s.title || s.name}</Link> : s.title || s.name}</td>
      <td className="ellipsis"><EntityLink entityRef={s.owner} defaultKind="group" report /></td>
      <td className="ellipsis">{s.system ? <Link to={`/?system=${encodeURIComponent(s.system)}`}>{shortRef(s.system)}</Link> : <span className="muted">—</span>}</td>
      <td>{s.tier ? <span className={`tier tier-${s.tier}`}>T{s.tier}</span> : <span className="muted">—</span>}</td>
      <td className="num">{s.score === null ? <span className="muted">—</span> : s.score.toFixed(1)}</td>
      <td><GradeBadge grade={s.grade} /></td>
      <td className="num"><Trend value={s.trend7d} period="7 days" /></td>
      <td className="num"><Trend value={s.trend30d} period="30 days" /></td>
    </tr>
  );
});
