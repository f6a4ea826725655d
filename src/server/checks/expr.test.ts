import { testGrading } from './testing.ts';
import { describe, expect, it } from 'vitest';
import { context, entity } from '../scorecards/testing.ts';
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
