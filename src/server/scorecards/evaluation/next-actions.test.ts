import { describe, expect, it } from 'vitest';
import { nextBestActions } from './next-actions.ts';
import { req, scorecard } from '../testing.ts';

describe('nextBestActions', () => {
  const sc = scorecard({
    requirements: [req('big', 40), req('small', 10), req('owner', 10, { gate: 'D' }), req('half', 20), req('ok', 20), req('na', 50)],
  });
  const results = [
    { id: 'big', state: 'fail' as const },
    { id: 'small', state: 'error' as const },
    { id: 'owner', state: 'fail' as const },
    { id: 'half', state: 'warn' as const },
    { id: 'ok', state: 'pass' as const },
    { id: 'na', state: 'n/a' as const },
  ];

  it('ranks by points gained, then grade gained, then weight, then id', () => {
    const r = nextBestActions(results, sc);
    // counted weight 100; score = 20 + 10 = 30 → F
    expect(r.score).toBe(30);
    expect(r.actions.map((a) => [a.requirement, a.points, a.liftsGate])).toEqual([
      ['big', 40, false],
      ['half', 10, false],
      ['owner', 10, false],
      ['small', 10, false],
    ]);
    expect(r.actions.find((a) => a.requirement === 'half')?.points).toBe(10); // warn 0.5 × 20
    expect(r.nextGrade).toBe('D');
    expect(r.pointsMissingToNextGrade).toBe(30);
  });

  it('on equal points, a fix that lifts a capping gate comes first', () => {
    const tie = scorecard({ requirements: [req('x', 10), req('g', 10, { gate: 'C' }), req('rest', 80)] });
    const r = nextBestActions([{ id: 'x', state: 'fail' }, { id: 'g', state: 'fail' }, { id: 'rest', state: 'pass' }], tie);
    expect(r).toMatchObject({ score: 80, grade: 'C' });
    expect(r.actions.map((a) => [a.requirement, a.points, a.liftsGate, a.gradeIfFixed])).toEqual([
      ['g', 10, true, 'A'],
      ['x', 10, false, 'C'],
    ]);
  });

  it('marks the fix that lifts a capping gate', () => {
    const r = nextBestActions([{ id: 'big', state: 'pass' }, { id: 'small', state: 'pass' }, { id: 'owner', state: 'fail' }, { id: 'half', state: 'pass' }, { id: 'ok', state: 'pass' }], sc);
    expect(r.grade).toBe('D');
    expect(r.actions[0]).toMatchObject({ requirement: 'owner', liftsGate: true, gradeIfFixed: 'A+', points: 10 });
  });
});
