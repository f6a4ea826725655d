import { describe, expect, it } from 'vitest';
import { context, entity } from '../../scorecards/testing.ts';
import { celVariables, compileCel, evaluateCel, positionOf } from './cel.ts';

const run = (expr: string, ctx = context(entity('a', { annotations: { 'tally.dev/tier': '1' } }))) => {
  const { compiled, problems } = compileCel(expr);
  if (!compiled) throw new Error(problems[0].message);
  return evaluateCel(compiled, celVariables(ctx));
};

describe('compileCel', () => {
  it('reports a syntax error with line and column', () => {
    const { compiled, problems } = compileCel('entity.spec.owner != "" &&\n  tier >');
    expect(compiled).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('expr');
    expect(problems[0].message).toMatch(/^CEL syntax error: .*\(at line 2, column 9\)$/);
  });

  it('refuses unknown variables and type errors at compile time', () => {
    expect(compileCel('servce.name == "x"').problems[0].message).toMatch(/Unknown variable: servce \(at line 1, column 1\)/);
    expect(compileCel('tier == "1"').problems[0].message).toMatch(/type error/);
  });

  it('refuses expressions that cannot return bool', () => {
    expect(compileCel('ref + "x"').problems[0].message).toMatch(/must return bool, but returns string/);
  });

  it('positions are 1-based', () => {
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('evaluating against an entity', () => {
  it('compares the tier as a number and the annotation as a string', () => {
    expect(run('tier == 1')).toEqual({ value: true });
    expect(run('tier <= 2 && tier + 1 == 2')).toEqual({ value: true });
    expect(run('entity.metadata.annotations["tally.dev/tier"] == "1"')).toEqual({ value: true });
  });

  it('an entity without tier has tier 0', () => {
    expect(run('tier == 0', context(entity('b')))).toEqual({ value: true });
  });

  it('defaults well-known fields so a missing owner fails instead of erroring', () => {
    const e = entity('c', { spec: { owner: undefined } });
    delete e.spec!.owner;
    expect(run('entity.spec.owner != ""', context(e))).toEqual({ value: false });
    expect(run('entity.metadata.tags.size() == 0', context(e))).toEqual({ value: true });
  });

  it('mixes JSON numbers (double) with int literals', () => {
    const ctx = context(entity('d'), { facts: { pods: { name: 'pods', value: { count: 3 }, observedAt: '2025-06-01T00:00:00Z' } } });
    expect(run('facts["pods"].value.count + 1 == 4 && facts["pods"].value.count > 2', ctx)).toEqual({ value: true });
    expect(run('now - facts["pods"].observedAt > duration("24h")', ctx)).toEqual({ value: true });
  });

  it('a runtime error is an error with its position, not a value', () => {
    const r = run('entity.spec.nope == "x"');
    expect(r).toEqual({ error: expect.stringMatching(/No such key: nope \(at line 1, column 13\)/) });
  });

  it('exposes owner, graph and dependencies', () => {
    const ctx = context(entity('e'), { owner: { ref: 'group:default/team-a', members: ['user:default/ann', 'user:default/bob'] }, dependencies: ['component:default/db'] });
    expect(run('owner.ref == "group:default/team-a" && owner.members.size() >= 2 && "component:default/db" in dependencies && !graph.inCycle', ctx)).toEqual({ value: true });
  });
});
