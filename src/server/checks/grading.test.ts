// The entity variables every CEL expression sees (core ones plus one per context provider), and
// the one CEL's rules: positions in errors, bool-only checks, one number model.
import { describe, expect, it } from 'vitest';
import { compileCel, positionOf, runCel } from '../platform/cel/cel.ts';
import { context, entity, testGrading } from '../scorecards/testing.ts';
import { createGrading } from './grading.ts';
import type { CheckContext, ContextProvider } from './types.ts';

const compile = (expr: string) => compileCel(expr, testGrading.entityTypes, { bool: true });
const run = (expr: string, ctx: CheckContext = context(entity('a', { annotations: { 'tally.dev/tier': '1' } })), grading = testGrading) => {
  const { program, problems } = compileCel(expr, grading.entityTypes, { bool: true });
  if (!program) throw new Error(problems[0].message);
  return runCel(program, grading.variables(ctx));
};

describe('compileCel', () => {
  it('reports a syntax error with line and column', () => {
    const { program, problems } = compile('entity.spec.owner != "" &&\n  tier >');
    expect(program).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('expr');
    expect(problems[0].message).toMatch(/^CEL syntax error: .*\(at line 2, column 9\)$/);
  });

  it('refuses unknown variables and type errors at compile time', () => {
    expect(compile('servce.name == "x"').problems[0].message).toMatch(/Unknown variable: servce \(at line 1, column 1\)/);
    expect(compile('tier == "1"').problems[0].message).toMatch(/type error/);
  });

  it('refuses expressions that cannot return bool', () => {
    expect(compile('ref + "x"').problems[0].message).toMatch(/must return bool, but returns string/);
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

  it('an entity without a valid tier has tier 0 (tier 4 is not a tier)', () => {
    expect(run('tier == 0', context(entity('b')))).toEqual({ value: true });
    expect(run('tier == 0', context(entity('b', { annotations: { 'tally.dev/tier': '4' } })))).toEqual({ value: true });
  });

  it('defaults well-known fields so a missing owner fails instead of erroring', () => {
    const e = entity('c', { spec: { owner: undefined } });
    delete e.spec!.owner;
    expect(run('entity.spec.owner != ""', context(e))).toEqual({ value: false });
    expect(run('entity.metadata.tags.size() == 0', context(e))).toEqual({ value: true });
  });

  it('one number model: JSON numbers (double) mix with int literals and with tier', () => {
    const ctx = context(entity('d', { annotations: { 'tally.dev/tier': '2' } }), { data: { facts: { pods: { name: 'pods', value: { count: 3 }, observedAt: '2025-06-01T00:00:00Z' } } } });
    expect(run('facts["pods"].value.count + 1 == 4 && facts["pods"].value.count > 2', ctx)).toEqual({ value: true });
    expect(run('facts["pods"].value.count * 0.5 == 1.5 && tier * 0.5 == 1.0 && tier + facts["pods"].value.count == 5', ctx)).toEqual({ value: true });
    expect(run('now - facts["pods"].observedAt > duration("24h")', ctx)).toEqual({ value: true });
  });

  it('a module\'s provider is a variable too, with the same number model', () => {
    const stats: ContextProvider = { name: 'changes', celType: 'map<string, dyn>', description: 'test', empty: {}, load: async () => new Map() };
    const grading = createGrading([], [stats]);
    const ctx = context(entity('f'), { data: { changes: { deploysLast30d: 7 } } });
    expect(run('changes.deploysLast30d * 0.5 > 3.0 && changes.deploysLast30d == 7', ctx, grading)).toEqual({ value: true });
    expect(run('changes.size() == 0', context(entity('g')), grading)).toEqual({ value: true });
  });

  it('a runtime error is an error with its position, not a value', () => {
    const r = run('entity.spec.nope == "x"');
    expect(r).toEqual({ error: expect.stringMatching(/No such key: nope \(at line 1, column 13\)/), code: expect.anything() });
  });

  it('exposes owner, graph and dependencies', () => {
    const ctx = context(entity('e'), { owner: { ref: 'group:default/team-a', members: ['user:default/ann', 'user:default/bob'] }, dependencies: ['component:default/db'] });
    expect(run('owner.ref == "group:default/team-a" && owner.members.size() >= 2 && "component:default/db" in dependencies && !graph.inCycle', ctx)).toEqual({ value: true });
  });

  it('says which providers an expression reads, ignoring string literals', () => {
    expect(testGrading.celReads('facts["x"].value && graph.inCycle')).toEqual(['graph', 'facts']);
    expect(testGrading.celReads('entity.metadata.name == "facts graph"')).toEqual([]);
  });
});
