import { describe, expect, it } from 'vitest';
import type { Scorecard } from '../document/document.ts';
import { scoreEntity, type ResultState } from '../evaluation/scoring.ts';
import { req, scorecard } from '../testing.ts';
import { whyDiff, type Snapshot } from './why.ts';

const snap = (sc: Scorecard, states: Record<string, ResultState>): Snapshot => {
  const requirements = Object.entries(states).map(([id, state]) => ({ id, state }));
  const { score, grade } = scoreEntity(requirements, sc);
  return { version: sc.version, score, grade, requirements };
};

const v1 = scorecard({ requirements: [req('owner', 10), req('status', 5), req('runbook', 5)] });

describe('whyDiff', () => {
  it('a service change, same rubric', () => {
    const d = whyDiff(snap(v1, { owner: 'pass', status: 'pass', runbook: 'pass' }), snap(v1, { owner: 'pass', status: 'fail', runbook: 'pass' }), { after: v1 });
    expect(d).toMatchObject({ rubricChanged: false, rubricEffect: 0, serviceEffect: -25, rubricChanges: [] });
    expect(d.serviceChanges).toEqual([{ requirement: 'status', before: 'pass', after: 'fail', beforeGraced: undefined, afterGraced: undefined, pointsEffect: -25 }]);
    expect(d.summary).toBe("A+ (100.00) → C (75.00). The service changed, -25.00 points: 'status' pass → fail.");
  });

  it('a rubric change with no service change', () => {
    const v2 = scorecard({ requirements: [req('owner', 10), req('status', 15), req('runbook', 5), req('backups', 10)] });
    const states = { owner: 'pass', status: 'fail', runbook: 'pass' } as const;
    const d = whyDiff(snap(v1, states), snap(v2, { ...states, backups: 'fail' }), { before: v1, after: v2 });
    // before: 15/20 = 75; after: 15/40 = 37.5
    expect(d).toMatchObject({ rubricChanged: true, rubricEffect: -37.5, serviceEffect: 0, serviceChanges: [] });
    expect(d.rubricChanges.map((c) => [c.requirement, c.change, c.pointsEffect])).toEqual([
      ['status', 'weight', -25], // 15/30 = 50
      ['backups', 'added', -25], // 15/30 = 50
    ]);
    expect(d.summary).toMatch(/The rubric changed \(\w+ → \w+\), -37\.50 points: weight of 'status' 5 → 15, requirement 'backups' added\./);
  });

  it('both at once: the parts add up to the total', () => {
    const v2 = scorecard({ requirements: [req('owner', 10), req('status', 5), req('runbook', 5, { check: { type: 'expr', expr: 'tier > 0' } })] });
    const before = snap(v1, { owner: 'pass', status: 'pass', runbook: 'pass' });
    const after = snap(v2, { owner: 'fail', status: 'pass', runbook: 'fail' });
    const d = whyDiff(before, after, { before: v1, after: v2 });
    // runbook's check changed: its pass → fail is the rubric's doing; owner's is the service's.
    expect(d.rubricChanges).toMatchObject([{ requirement: 'runbook', change: 'check', pointsEffect: -25 }]);
    expect(d.serviceChanges.map((c) => c.requirement)).toEqual(['owner']);
    expect(d).toMatchObject({ rubricEffect: -25, serviceEffect: -50 });
  });

  it('says so when the previous rubric is unknown', () => {
    const v2 = scorecard({ requirements: [req('owner', 20), req('status', 5), req('runbook', 5)] });
    const d = whyDiff(snap(v1, { owner: 'pass', status: 'pass', runbook: 'pass' }), snap(v2, { owner: 'pass', status: 'pass', runbook: 'pass' }), { after: v2 });
    expect(d.rubricChanges[0].change).toBe('unknown');
    expect(d.summary).toMatch(/cannot be split/);
  });
});
