import { describe, expect, it } from 'vitest';
import { context, entity } from '../scorecards/testing.ts';
import { testGrading } from '../scorecards/testing.ts';
import { factCheck } from './check.ts';

const withFact = (value: unknown) => context(entity('a'), { data: { facts: { 'backup-restored': { name: 'backup-restored', value, observedAt: '2025-06-01T00:00:00Z' } } } });

describe('fact check', () => {
  it('no fact → fail naming the fact', () => {
    expect(factCheck.evaluate({ type: 'fact', fact: 'backup-restored' }, context(entity('a')), undefined, testGrading, { scorecard: 'sc', requirementId: 'r' })).toEqual({ state: 'fail', message: "no fact 'backup-restored' reported" });
  });

  it('judges the value with expr and passes observedAt on', () => {
    const cfg = { type: 'fact' as const, fact: 'backup-restored', expr: 'value.ok == true && value.minutes < 60' };
    expect(factCheck.evaluate(cfg, withFact({ ok: true, minutes: 12 }), undefined, testGrading, { scorecard: 'sc', requirementId: 'r' })).toMatchObject({ state: 'pass', observedAt: '2025-06-01T00:00:00Z' });
    expect(factCheck.evaluate(cfg, withFact({ ok: false, minutes: 12 }), undefined, testGrading, { scorecard: 'sc', requirementId: 'r' })).toMatchObject({ state: 'fail', observedAt: '2025-06-01T00:00:00Z' });
  });

  it('names the fact, when it was observed and what it said — never the expression', () => {
    const cfg = { type: 'fact' as const, fact: 'backup-restored', expr: 'value.ok == true', message: 'the last restore test failed' };
    const target = { scorecard: 'sc', requirementId: 'r' };
    expect(factCheck.evaluate(cfg, withFact({ ok: true, minutes: 12 }), undefined, testGrading, target).message).toBe('backup-restored reported on 2025-06-01: ok true, minutes 12');
    const failed = factCheck.evaluate(cfg, withFact({ ok: false, error: 'partition missing', detail: { table: 'x' } }), undefined, testGrading, target);
    expect(failed.message).toBe('the last restore test failed: backup-restored reported on 2025-06-01: ok false, error "partition missing"');
    expect(factCheck.evaluate({ type: 'fact', fact: 'backup-restored', expr: 'value.ok == true' }, withFact({ ok: false }), undefined, testGrading, target).message).toBe("'backup-restored' does not meet the requirement: backup-restored reported on 2025-06-01: ok false");
  });

  it('without expr, true or {ok: true} passes', () => {
    expect(factCheck.evaluate({ type: 'fact', fact: 'backup-restored' }, withFact(true), undefined, testGrading, { scorecard: 'sc', requirementId: 'r' }).state).toBe('pass');
    expect(factCheck.evaluate({ type: 'fact', fact: 'backup-restored' }, withFact({ ok: false }), undefined, testGrading, { scorecard: 'sc', requirementId: 'r' }).state).toBe('fail');
  });

  it('a runtime error in expr is an error', () => {
    const o = factCheck.evaluate({ type: 'fact', fact: 'backup-restored', expr: 'value.ok == true' }, withFact({}), undefined, testGrading, { scorecard: 'sc', requirementId: 'r' });
    expect(o.state).toBe('error');
  });

  it('compile() checks the expr with value and observedAt known', () => {
    expect(factCheck.compile!({ type: 'fact', fact: 'x', expr: 'value.ok && now - observedAt < duration("720h")' }, testGrading)).toEqual([]);
    expect(factCheck.compile!({ type: 'fact', fact: 'x', expr: 'valu.ok' }, testGrading)[0].message).toMatch(/Unknown variable: valu/);
  });
});
