import { testGrading } from './testing.ts';
import { describe, expect, it } from 'vitest';
import { context, entity, testGrading as withProviders } from '../scorecards/testing.ts';
import { exprCheck } from './expr.ts';

const ctx = context(entity('a', { annotations: { 'tally.dev/tier': '2' } }));
const evalExpr = (expr: string, message?: string) => exprCheck.evaluate({ type: 'expr', expr, message }, ctx, undefined, testGrading, { scorecard: 'sc', requirementId: 'r' });

describe('expr check', () => {
  it('true passes, false fails with the given message', () => {
    expect(evalExpr('tier == 2').state).toBe('pass');
    expect(evalExpr('tier == 1', 'must be tier 1')).toEqual({ state: 'fail', message: 'must be tier 1', evidence: undefined });
  });

  it('a non-bool result is an error, never a pass', () => {
    const o = evalExpr('entity.metadata.annotations');
    expect(o.state).toBe('error');
    expect(o.message).toMatch(/not a bool/);
  });

  it('a runtime error is an error with the message', () => {
    const o = evalExpr('entity.metadata.annotations["missing"] == "x"');
    expect(o.state).toBe('error');
    expect(o.message).toMatch(/could not evaluate: No such key: missing/);
  });

  it('compile() reports problems relative to the check', () => {
    expect(exprCheck.compile!({ type: 'expr', expr: 'tier ==' }, testGrading)[0]).toMatchObject({ field: 'expr', message: expect.stringMatching(/line 1, column 8/) });
    expect(exprCheck.compile!({ type: 'expr', expr: 'tier == 1' }, testGrading)).toEqual([]);
  });
});

describe('expr check: what the result says', () => {
  // The grading environment with the context providers (graph, facts, attestations).
  const evaluate = (config: Record<string, unknown>, c = ctx) => exprCheck.evaluate({ type: 'expr', ...config } as never, c, undefined, withProviders, { scorecard: 'sc', requirementId: 'r' });
  const violating = context(entity('checkout'), {
    ref: 'component:default/checkout',
    data: { graph: { inCycle: false, cycle: [], cyclePath: [], blocked: false, bootWave: 0, violations: [{ rule: 'tier-1-not-on-tier-3', to: 'component:default/recommendations', path: ['component:default/checkout', 'component:default/recommendations'], message: '' }], dependencies: [], dependents: [] } },
  });

  it('`explain` says what was observed, on pass and after the message on fail', () => {
    expect(evaluate({ expr: 'tier == 2', explain: '"tier " + string(tier)' })).toEqual({ state: 'pass', message: 'tier 2' });
    expect(evaluate({ expr: 'tier == 1', message: 'must be tier 1', explain: '"tier " + string(tier)' })).toEqual({ state: 'fail', message: 'must be tier 1: tier 2' });
  });

  it('a broken or non-string `explain` never changes the verdict', () => {
    expect(evaluate({ expr: 'tier == 2', explain: 'entity.metadata.annotations["missing"]' })).toMatchObject({ state: 'pass', message: 'expression is true' });
    expect(evaluate({ expr: 'tier == 1', message: 'must be tier 1', explain: 'tier' })).toMatchObject({ state: 'fail', message: 'must be tier 1' });
  });

  it('names the offending objects the context providers it reads know, never the raw expression', () => {
    const out = evaluate({ expr: 'graph.violations.size() == 0' }, violating);
    expect(out).toEqual({
      state: 'fail',
      message: 'checkout → recommendations breaks tier-1-not-on-tier-3',
      evidence: { objects: [{ kind: 'edge', label: 'checkout → recommendations', ref: 'component:default/recommendations', rule: 'tier-1-not-on-tier-3' }] },
    });
    expect(out.message).not.toContain('size()');
    expect(evaluate({ expr: '!graph.inCycle' })).toEqual({ state: 'pass', message: 'on no dependency cycle' });
  });

  it('shares one frozen outcome per message across entities (the hot path allocates nothing)', () => {
    const config = { type: 'expr', expr: '!graph.inCycle' } as const;
    const a = exprCheck.evaluate(config, ctx, undefined, withProviders, { scorecard: 'sc', requirementId: 'r' });
    const b = exprCheck.evaluate(config, context(entity('b')), undefined, withProviders, { scorecard: 'sc', requirementId: 'r' });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('compile() reports a broken `explain` at its field', () => {
    expect(exprCheck.compile!({ type: 'expr', expr: 'true', explain: '"x" +' }, testGrading)[0]).toMatchObject({ field: 'explain' });
  });
});
