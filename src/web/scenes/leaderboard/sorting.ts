// Sorting the services table: any column, either way; a service without a score stays last in
// both directions (it has no place in "best" or "worst" order). `rank` descending is worst first.
import { GRADES } from '../../../common/grades.ts';
import type { LeaderboardService } from '../../api/leaderboard.ts';

export const SORT_KEYS = ['rank', 'name', 'owner', 'system', 'tier', 'score', 'grade', 'trend7d', 'trend30d'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/** The direction a first click on a column sorts: best or most first. */
export const FIRST_ORDER: Record<SortKey, SortOrder> = { rank: 'asc', name: 'asc', owner: 'asc', system: 'asc', tier: 'asc', score: 'desc', grade: 'asc', trend7d: 'desc', trend30d: 'desc' };

type Value = string | number | null;

function valueOf(s: LeaderboardService, key: SortKey, titles: ReadonlyMap<string, string | null>): Value {
  switch (key) {
    case 'rank':
      return s.score === null ? null : s.rank;
    case 'name':
      return (s.title || s.name).toLowerCase();
    case 'owner':
      return s.owner ? (titles.get(s.owner) || s.owner).toLowerCase() : null;
    case 'grade':
      return s.grade ? GRADES.indexOf(s.grade) : null;
    default:
      return s[key];
  }
}

export function sortServices(list: LeaderboardService[], key: SortKey, order: SortOrder, titles: ReadonlyMap<string, string | null> = new Map()): LeaderboardService[] {
  if (key === 'rank' && order === 'asc') return list; // the server's order
  const sign = order === 'asc' ? 1 : -1;
  const keyed = list.map((s) => ({ s, v: valueOf(s, key, titles) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.s.rank - b.s.rank : a.v === null ? 1 : -1;
    const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
    return sign * c || a.s.rank - b.s.rank;
  });
  return keyed.map((k) => k.s);
}

export function parseSort(sort: string, order: string): { key: SortKey; order: SortOrder } {
  const key = (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : 'rank';
  return { key, order: order === 'asc' || order === 'desc' ? order : FIRST_ORDER[key] };
}
