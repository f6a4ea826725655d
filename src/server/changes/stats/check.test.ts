// Issue 12 item 13: the `changes` check names the changes without a revert action (or a
// postmortem) — never `stats.withoutRevertLast30d == 0 is false`.
import { describe, expect, it } from 'vitest';
import { context, entity, testGrading } from '../../scorecards/testing.ts';
import { makeChange } from '../testing.ts';
import { changesCheck } from './check.ts';
import { changeStats } from './dora.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const changes = [
  makeChange({ id: 'ch-1', summary: 'Deploy payments 2026.11.3', startedAt: hoursAgo(2), revert: { action: 'github-redeploy' } }),
  makeChange({ id: 'ch-2', kind: 'config', summary: 'PSP timeout lowered from 2s to 800ms', startedAt: hoursAgo(30) }),
  makeChange({ id: 'ch-3', kind: 'deploy', summary: 'Deploy payments 2026.11.2', status: 'failed', automated: true, startedAt: hoursAgo(24 * 8), finishedAt: hoursAgo(24 * 8) }),
];
const ctx = context(entity('payments'), { now: NOW, data: { changes: changeStats(changes, NOW, { postmortemDays: 5 }) } });
const run = (expr: string, message?: string) => changesCheck.evaluate({ type: 'changes', expr, message }, ctx, undefined, testGrading, { scorecard: 'sc', requirementId: 'r' });

describe('changes check: what the result says', () => {
  it('names the changes without a revert action, linked by id', () => {
    const out = run('stats.withoutRevertLast30d == 0');
    expect(out.state).toBe('fail');
    expect(out.message).toBe('2 of 3 changes of the last 30 days have no revert action: PSP timeout lowered from 2s to 800ms; Deploy payments 2026.11.2');
    expect(out.message).not.toContain('stats.');
    expect((out.evidence as { objects: unknown[] }).objects).toEqual([
      { kind: 'change', label: 'PSP timeout lowered from 2s to 800ms', ref: 'ch-2' },
      { kind: 'change', label: 'Deploy payments 2026.11.2', ref: 'ch-3' },
    ]);
  });

  it('names failed automated deploys without a postmortem, after the message when one is given', () => {
    const out = run('stats.failedAutomatedWithoutPostmortem == 0', 'failed deploys need a postmortem');
    expect(out).toMatchObject({ state: 'fail', message: 'failed deploys need a postmortem: 1 failed automated deploy without a postmortem: Deploy payments 2026.11.2' });
  });

  it('says what it observed when it passes', () => {
    expect(run('stats.changesLast30d < 10')).toMatchObject({ state: 'pass', message: '3 production changes in the last 30 days' });
    const clean = context(entity('ledger'), { now: NOW, data: { changes: changeStats([changes[0]], NOW, { postmortemDays: 5 }) } });
    expect(changesCheck.evaluate({ type: 'changes', expr: 'stats.withoutRevertLast30d == 0' }, clean, undefined, testGrading, { scorecard: 'sc', requirementId: 'r' }))
      .toMatchObject({ state: 'pass', message: 'the one change of the last 30 days has a revert action' });
  });
});
