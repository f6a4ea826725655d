// The leaderboard's arithmetic against the worked examples of docs/leaderboard.md.
import { describe, expect, it } from 'vitest';
import { gradeForScore, type Grade } from '../../common/grades.ts';
import { gradesGained } from './most-improved.ts';
import { distribution, rankServices, rankTeams, teamScore, tierWeight, trend, type ServiceLine } from './ranking.ts';

const BANDS = { 'A+': 97, A: 90, B: 80, C: 70, D: 60 };
const line = (name: string, score: number | null, tier: number | null, owner: string | null = 'group:default/team-a', grade: Grade | null = score === null ? null : gradeForScore(score, BANDS)): Omit<ServiceLine, 'rank'> => ({
  ref: `component:default/${name}`, name, title: null, owner, system: null, tier, score, grade, trend7d: null, trend30d: null,
});

describe('team score (docs/leaderboard.md, "Team score")', () => {
  it('is the tier-weighted mean of the graded services: (3 × 92 + 1 × 85) / 4 = 90.25 → A', () => {
    const services = [{ score: 92, tier: 1 }, { score: 85, tier: 3 }, { score: null, tier: 2 }];
    expect(teamScore(services)).toBe(90.25);
    expect(gradeForScore(90.25, BANDS)).toBe('A');
    // the plain mean the weighting replaces: 88.5, a B
    expect(gradeForScore((92 + 85) / 2, BANDS)).toBe('B');
  });

  it('weighs tier 1 ×3, tier 2 ×2, tier 3 or more and no tier ×1; no graded service, no score', () => {
    expect([1, 2, 3, 4, null].map(tierWeight)).toEqual([3, 2, 1, 1, 1]);
    expect(teamScore([{ score: 60, tier: 2 }, { score: 90, tier: null }])).toBe(70);
    expect(teamScore([{ score: null, tier: 1 }])).toBeNull();
    expect(teamScore([])).toBeNull();
  });
});

describe('service ranking (docs/leaderboard.md, "Services")', () => {
  it('orders by score, then tier (1 first, none last), then name; ungraded last, in the same tie order; ranks from 1', () => {
    const ranked = rankServices([
      line('zeta', null, 1),
      line('gamma', 92, 2),
      line('beta', 85, 3),
      line('alpha', 92, 1),
      line('omega', 92, null),
      line('delta', 92, 2),
      line('eta', null, null),
    ]);
    expect(ranked.map((s) => [s.rank, s.name])).toEqual([
      [1, 'alpha'], [2, 'delta'], [3, 'gamma'], [4, 'omega'], [5, 'beta'], [6, 'zeta'], [7, 'eta'],
    ]);
  });
});

describe('team ranking', () => {
  it('ranks teams by team score then name, teams without a graded service last, and counts their F services', () => {
    const teams = rankTeams([
      line('alpha', 92, 1, 'group:default/team-a'),
      line('beta', 85, 3, 'group:default/team-a'),
      line('gamma', 92, 2, 'group:default/team-b'),
      line('delta', null, 2, 'group:default/team-b'),
      line('eps', 40, 2, 'group:default/team-c'),
      line('phi', 95, 1, 'group:default/team-c'),
      line('orphan', 99, 1, null),
      line('new', null, 1, 'group:default/team-d'),
    ], BANDS);
    expect(teams.map((t) => [t.rank, t.name, t.score, t.grade, t.services, t.fServices])).toEqual([
      [1, 'team-b', 92, 'A', 2, 0],
      [2, 'team-a', 90.25, 'A', 2, 0],
      // (3 × 95 + 2 × 40) / 5 = 73
      [3, 'team-c', 73, 'C', 2, 1],
      [4, 'team-d', null, null, 1, 0],
    ]);
  });
});

describe('trends, distribution and grade steps', () => {
  it('trend = score now − score then, null when either is missing (docs: "Trends")', () => {
    expect(trend(92, 70)).toBe(22);
    expect(trend(90.1, 90.3)).toBe(-0.2);
    expect(trend(null, 70)).toBeNull();
    expect(trend(92, undefined)).toBeNull();
  });

  it('counts every grade and the ungraded', () => {
    expect(distribution([{ grade: 'A' }, { grade: 'A' }, { grade: 'B' }, { grade: null }])).toEqual({ 'A+': 0, A: 2, B: 1, C: 0, D: 0, F: 0, none: 1 });
  });

  it('counts grade steps gained: F → B = 3, a fall is negative (docs: "most improved")', () => {
    expect(gradesGained('F', 'B')).toBe(3);
    expect(gradesGained('A', 'C')).toBe(-2);
    expect(gradesGained('A+', 'A+')).toBe(0);
    expect(gradesGained(null, 'A')).toBeNull();
  });
});
