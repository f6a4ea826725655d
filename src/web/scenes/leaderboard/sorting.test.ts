import { describe, expect, it } from 'vitest';
import type { LeaderboardService } from '../../api/leaderboard.ts';
import { parseSort, sortServices } from './sorting.ts';

const line = (rank: number, name: string, score: number | null, grade: LeaderboardService['grade'], extra: Partial<LeaderboardService> = {}): LeaderboardService => ({
  rank, ref: `component:default/${name}`, name, title: null, owner: null, system: null, tier: null, score, grade, trend7d: null, trend30d: null, ...extra,
});
const board = [line(1, 'alpha', 95, 'A', { trend7d: 1 }), line(2, 'beta', 80, 'B', { trend7d: 5 }), line(3, 'gamma', 40, 'F'), line(4, 'delta', null, null)];
const names = (list: LeaderboardService[]) => list.map((s) => s.name);

describe('sortServices', () => {
  it('keeps the server order for rank ascending, and puts worst first for rank descending, ungraded still last', () => {
    expect(sortServices(board, 'rank', 'asc')).toBe(board);
    expect(names(sortServices(board, 'rank', 'desc'))).toEqual(['gamma', 'beta', 'alpha', 'delta']);
  });

  it('sorts any column either way, with missing values last both ways', () => {
    expect(names(sortServices(board, 'name', 'asc'))).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    expect(names(sortServices(board, 'grade', 'desc'))).toEqual(['gamma', 'beta', 'alpha', 'delta']);
    expect(names(sortServices(board, 'trend7d', 'desc'))).toEqual(['beta', 'alpha', 'gamma', 'delta']);
    expect(names(sortServices(board, 'trend7d', 'asc'))).toEqual(['alpha', 'beta', 'gamma', 'delta']);
  });

  it('sorts owners by their display name', () => {
    const owned = [line(1, 'a', 90, 'A', { owner: 'group:default/zeta' }), line(2, 'b', 80, 'B', { owner: 'group:default/alpha-team' })];
    const titles = new Map([['group:default/zeta', 'Alpha squad'], ['group:default/alpha-team', 'Zulu']]);
    expect(names(sortServices(owned, 'owner', 'asc', titles))).toEqual(['a', 'b']);
  });

  it('reads the URL: unknown keys fall back to rank, and the first click sorts best first', () => {
    expect(parseSort('nope', '')).toEqual({ key: 'rank', order: 'asc' });
    expect(parseSort('score', '')).toEqual({ key: 'score', order: 'desc' });
    expect(parseSort('score', 'asc')).toEqual({ key: 'score', order: 'asc' });
  });
});
