// Every service, ranked. Virtualised: only the rows in view are in the DOM, so 10,000 stay smooth.
// Column headers sort (`?sort=&order=` are permalinks); ranks stay the leaderboard's.
import { memo, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { shortRef } from '../../../common/refs.ts';
import { useTeamTitles, type LeaderboardService } from '../../api/leaderboard.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { Trend } from '../../components/Trend.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { servicePath } from '../../../common/links.ts';
import { FIRST_ORDER, parseSort, sortServices, type SortKey } from './sorting.ts';
import './leaderboard.css';

const ROW_HEIGHT = 48;
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'rank', label: 'Rank', numeric: true },
  { key: 'name', label: 'Service' },
  { key: 'owner', label: 'Owner' },
  { key: 'system', label: 'System' },
  { key: 'tier', label: 'Tier' },
  { key: 'score', label: 'Score', numeric: true },
  { key: 'grade', label: 'Grade' },
  { key: 'trend7d', label: '7 days', numeric: true },
  { key: 'trend30d', label: '30 days', numeric: true },
];

export function useSort() {
  const [params, setParams] = useQueryParams(['sort', 'order'] as const);
  const sort = parseSort(params.sort, params.order);
  const sortBy = (key: SortKey) => {
    const order = sort.key === key ? (sort.order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[key];
    setParams(key === 'rank' && order === 'asc' ? { sort: '', order: '' } : { sort: key, order });
  };
  return { sort, sortBy, setSort: (p: { sort: string; order: string }) => setParams(p) };
}

export function ServicesTable({ services }: { services: LeaderboardService[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const titles = useTeamTitles();
  const { sort, sortBy } = useSort();
  const sorted = useMemo(() => sortServices(services, sort.key, sort.order, titles), [services, sort.key, sort.order, titles]);
  const virtual = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const rows = virtual.getVirtualItems();
  const before = rows.length ? rows[0].start : 0;
  const after = rows.length ? virtual.getTotalSize() - rows[rows.length - 1].end : 0;
  const height = Math.min(640, (sorted.length + 1) * ROW_HEIGHT + 2);
  return (
    <div ref={scroller} className="table-wrap table-scroll" style={{ height }} tabIndex={0} role="region" aria-label="Services, ranked">
      <table className="table table-fixed services-table" aria-rowcount={sorted.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              return (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="sort-button" onClick={() => sortBy(c.key)}>
                    {c.label}<span className="sort-mark" aria-hidden="true">{active ? (sort.order === 'asc' ? '▲' : '▼') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {rows.map((row) => <ServiceRow key={sorted[row.index].ref} service={sorted[row.index]} index={row.index} ownerTitle={titles.get(sorted[row.index].owner ?? '') ?? null} />)}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
}

/** One row; memoised so scrolling re-renders only the rows that enter the window. */
const ServiceRow = memo(function ServiceRow({ service: s, index, ownerTitle }: { service: LeaderboardService; index: number; ownerTitle: string | null }) {
  const to = servicePath(s.ref);
  return (
    <tr aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
      <td className="num rank">{s.rank}</td>
      <td className="ellipsis">{to ? <Link to={to} className="strong">{s.title || s.name}</Link> : s.title || s.name}</td>
      <td className="ellipsis"><EntityLink entityRef={s.owner} defaultKind="group" label={ownerTitle ?? undefined} report /></td>
      <td className="ellipsis">{s.system ? <Link to={`/?system=${encodeURIComponent(s.system)}`}>{shortRef(s.system)}</Link> : <span className="muted">—</span>}</td>
      <td>{s.tier ? <span className={`tier tier-${s.tier}`}>T{s.tier}</span> : <span className="muted">—</span>}</td>
      <td className="num">{s.score === null ? <span className="muted">—</span> : s.score.toFixed(1)}</td>
      <td><GradeBadge grade={s.grade} /></td>
      <td className="num"><Trend value={s.trend7d} period="7 days" /></td>
      <td className="num"><Trend value={s.trend30d} period="30 days" /></td>
    </tr>
  );
});
