import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_BANDS } from '../../common/grades.ts';
import { buildPriority, supportLevel } from './support.ts';
import { demoPolicy } from './testing.ts';

const policy = demoPolicy();
const failing = [
  { id: 'runbook', title: 'Has a runbook', pointsGained: 4 },
  { id: 'owner', title: 'Has an owning team', pointsGained: 2, liftsGate: 'F' as const },
  { id: 'slo', title: 'Has SLOs', pointsGained: 9 },
  { id: 'dashboards', title: 'Has dashboards', pointsGained: 6 },
];

describe('buildPriority', () => {
  it('follows the grade; ungraded borrows the `ungraded` letter, or gets 0', () => {
    expect(buildPriority(policy, 'A+')).toBe(100);
    expect(buildPriority(policy, 'F')).toBe(0);
    expect(buildPriority(policy, null)).toBe(20);
    expect(buildPriority({ ...policy, ungraded: 'allow' }, null)).toBe(0);
  });
});

describe('supportLevel', () => {
  it('needs nothing when support is full', () => {
    expect(supportLevel(policy, 'B', { score: 82, bands: DEFAULT_GRADE_BANDS, failing })).toMatchObject({ level: 'full', target: null, toRegain: [] });
  });

  it('lists the gates below the target, then the biggest gains until the band is reached', () => {
    // F at 50 (owner gate caps at F). D (best-effort) needs 60: owner (+2) is required, then slo (+9) reaches 61.
    const s = supportLevel(policy, 'F', { score: 50, bands: DEFAULT_GRADE_BANDS, failing });
    expect(s.level).toBe('none');
    expect(s.target).toBe('D');
    expect(s.toRegain).toEqual([
      { requirement: 'owner', title: 'Has an owning team', points: 2 },
      { requirement: 'slo', title: 'Has SLOs', points: 9 },
    ]);
    expect(s.reason).toBe(
      'Grade F gets no SRE support. It gets best-effort SRE support from grade D (score ≥ 60); the score is 50.0: fixing 2 requirements brings +11.0 points.',
    );
  });

  it('aims at the nearest better grade with better support (C → B for full support)', () => {
    const s = supportLevel(policy, 'C', { score: 72, bands: DEFAULT_GRADE_BANDS, failing: failing.filter((r) => r.id !== 'owner') });
    expect(s.target).toBe('B');
    expect(s.toRegain.map((r) => r.requirement)).toEqual(['slo']);
  });

  it('says so when fixing everything is not enough', () => {
    const s = supportLevel(policy, 'F', { score: 30, bands: DEFAULT_GRADE_BANDS, failing });
    expect(s.toRegain).toHaveLength(4);
    expect(s.reason).toContain('not enough');
  });

  it('names the target without progress data, and handles ungraded services', () => {
    expect(supportLevel(policy, 'F').reason).toBe('Grade F gets no SRE support. It gets best-effort SRE support from grade D (score ≥ ?).');
    expect(supportLevel(policy, null).level).toBe('best-effort');
    expect(supportLevel({ ...policy, ungraded: 'deny' }, null)).toMatchObject({ level: 'best-effort', toRegain: [] });
  });
});
