import { entityCtx, testGrading } from '../../checks/testing.ts';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../checks/index.ts';
import { changesCheck } from './check.ts';
import { changeStats, doraFigures, percentile } from './dora.ts';
import { makeChange } from '../testing.ts';

const period = { from: new Date('2024-05-01T00:00:00Z'), to: new Date('2024-05-11T00:00:00Z') };

describe('doraFigures', () => {
  const changes = [
    makeChange({ id: 'a', startedAt: '2024-05-02T10:00:00Z', finishedAt: '2024-05-02T10:10:00Z', commitAt: '2024-05-02T08:10:00Z' }),
    makeChange({ id: 'b', startedAt: '2024-05-03T10:00:00Z', finishedAt: '2024-05-03T10:10:00Z', commitAt: '2024-05-02T10:10:00Z' }),
    makeChange({ id: 'c', startedAt: '2024-05-04T10:00:00Z', status: 'failed' }),
    makeChange({ id: 'd', startedAt: '2024-05-05T10:00:00Z', status: 'rolled-back' }),
    makeChange({ id: 'e', startedAt: '2024-05-06T10:00:00Z', status: 'in-progress' }),
    makeChange({ id: 'r', kind: 'revert', revertOf: 'b', startedAt: '2024-05-03T11:00:00Z' }),
    makeChange({ id: 's', startedAt: '2024-05-06T10:00:00Z', environment: 'staging' }),
    makeChange({ id: 'old', startedAt: '2024-04-06T10:00:00Z' }),
    makeChange({ id: 'cfg', kind: 'config', startedAt: '2024-05-06T10:00:00Z' }),
  ];

  it('counts production deploys that went out, failures, and lead times', () => {
    const f = doraFigures(changes, [], period);
    expect(f.deploymentFrequency).toEqual({ count: 3, perDay: 0.3 }); // a, b, d
    expect(f.changeFailureRate).toBe(0.75); // b (reverted), c, d of a, b, c, d
    expect(f.leadTimeHours).toEqual({ median: 13, p90: 24 }); // 2 h and 24 h
    expect(f.timeToRestoreHours).toBeNull();
  });

  it('gives time to restore from resolved incidents in the period', () => {
    const incidents = [
      { startedAt: '2024-05-02T10:00:00Z', resolvedAt: '2024-05-02T11:00:00Z' },
      { startedAt: '2024-05-03T10:00:00Z', resolvedAt: '2024-05-03T13:00:00Z' },
      { startedAt: '2024-05-04T10:00:00Z', resolvedAt: '2024-05-04T10:30:00Z' },
      { startedAt: '2024-05-05T10:00:00Z', resolvedAt: null },
      { startedAt: '2024-04-05T10:00:00Z', resolvedAt: '2024-04-05T20:00:00Z' },
    ];
    expect(doraFigures(changes, incidents, period).timeToRestoreHours).toEqual({ median: 1 });
  });

  it('has no failure rate and no lead time without deploys', () => {
    const f = doraFigures([], [], period);
    expect(f).toEqual({ deploymentFrequency: { count: 0, perDay: 0 }, changeFailureRate: null, leadTimeHours: null, timeToRestoreHours: null });
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([3, 1, 2], 50)).toBe(2);
  });
});

describe('changeStats', () => {
  const now = new Date('2024-05-20T12:00:00Z');
  const failedAuto = (over = {}) => makeChange({ automated: true, status: 'failed', startedAt: '2024-05-10T10:00:00Z', finishedAt: '2024-05-10T10:05:00Z', ...over });

  it('counts failed automated deploys past the grace period without a postmortem', () => {
    const stats = changeStats(
      [
        failedAuto(),
        failedAuto({ status: 'rolled-back' }),
        failedAuto({ postmortemUrl: 'https://wiki.example.com/pm/1' }),
        failedAuto({ startedAt: '2024-05-18T10:00:00Z', finishedAt: '2024-05-18T10:05:00Z' }), // within 5 days
        failedAuto({ automated: false }),
        failedAuto({ environment: 'staging' }),
        makeChange({ automated: true, startedAt: '2024-05-19T10:00:00Z', revert: { action: 'github-redeploy' } }),
      ],
      now,
      { postmortemDays: 5 },
    );
    expect(stats).toMatchObject({
      deploysLast30d: 2, // went out: the rolled-back one and the succeeded one
      deployFrequencyPerWeek: 0.47,
      changeFailureRate30d: 0.8333, // 5 of 6 production deploys
      failedAutomatedWithoutPostmortem: 2,
      changesLast30d: 6,
      withoutRevertLast30d: 5,
      daysSinceLastChange: 1,
    });
    // The changes behind the counts, named so a check can list them.
    expect(stats.withoutRevert).toHaveLength(5);
    expect(stats.failedWithoutPostmortem.map((c) => c.startedAt)).toEqual(['2024-05-10T10:00:00Z', '2024-05-10T10:00:00Z']);
    expect(stats.failedWithoutPostmortem[0]).toEqual({ id: expect.any(String), summary: expect.any(String), startedAt: '2024-05-10T10:00:00Z' });
  });

  it('has no last change and no failure rate for an entity without changes', () => {
    expect(changeStats([], new Date(), { postmortemDays: 5 })).toMatchObject({ daysSinceLastChange: null, changeFailureRate30d: null, deploysLast30d: 0 });
  });
});

const TARGET = { scorecard: 'sc', requirementId: 'r' };

describe('the changes check', () => {
  const ctx = (changes?: Record<string, unknown>): CheckContext => entityCtx('a', {}, { data: changes ? { changes } : {} });
  const config = { type: 'changes' as const, expr: 'stats.failedAutomatedWithoutPostmortem == 0' };

  it('passes and fails on the expression over stats', () => {
    expect(changesCheck.evaluate(config, ctx({ failedAutomatedWithoutPostmortem: 0 }), undefined, testGrading, TARGET).state).toBe('pass');
    const failed = changesCheck.evaluate(config, ctx({ failedAutomatedWithoutPostmortem: 2 }), undefined, testGrading, TARGET);
    expect(failed.state).toBe('fail');
    expect(failed.message).toContain('failedAutomatedWithoutPostmortem 2');
  });

  it('compares rates and handles a missing rate as written', () => {
    const rate = { type: 'changes' as const, expr: 'stats.changeFailureRate30d == null || stats.changeFailureRate30d < 0.15' };
    expect(changesCheck.evaluate(rate, ctx({ changeFailureRate30d: null }), undefined, testGrading, TARGET).state).toBe('pass');
    expect(changesCheck.evaluate(rate, ctx({ changeFailureRate30d: 0 }), undefined, testGrading, TARGET).state).toBe('pass');
    expect(changesCheck.evaluate(rate, ctx({ changeFailureRate30d: 0.2 }), undefined, testGrading, TARGET).state).toBe('fail');
  });

  it('is n/a without change data, and error for a non-bool or failing expression', () => {
    expect(changesCheck.evaluate(config, ctx(undefined), undefined, testGrading, TARGET).state).toBe('n/a');
    expect(changesCheck.evaluate({ type: 'changes', expr: 'stats.deploysLast30d' }, ctx({ deploysLast30d: 3 }), undefined, testGrading, TARGET).state).toBe('error');
    expect(changesCheck.evaluate({ type: 'changes', expr: 'stats.nope > 1' }, ctx({}), undefined, testGrading, TARGET).state).toBe('error');
  });

  it('reports a bad expression at compile time, naming expr and the position', () => {
    expect(changesCheck.compile!({ type: 'changes', expr: 'stats.x == ' }, testGrading)).toMatchObject([{ field: 'expr', message: expect.stringMatching(/^CEL syntax error: .*\(at line 1, column/) }]);
    expect(changesCheck.schema.safeParse({ type: 'changes', expr: 'true' }).success).toBe(true);
  });
});
