import { describe, expect, it } from 'vitest';
import { checkEdge } from './admission.ts';
import type { DependencyRule } from './rules.ts';
import { graphOf, ref } from './testing.ts';

const direct: DependencyRule = { name: 'tier-1-not-on-tier-3', from: { tier: 1 }, to: { minTier: 3 }, transitive: false };
const transitive: DependencyRule = { ...direct, name: 'tier-1-not-behind-tier-3', transitive: true };

describe('checkEdge', () => {
  const tiers = { a: 1, b: 2, c: 2, low: 3 };

  it('refuses an edge that closes a cycle and returns the cycle', () => {
    const g = graphOf('a>b b>c', tiers);
    const check = checkEdge(g, [], ref('c'), ref('a'));
    expect(check).toEqual({ allowed: false, createsCycle: true, cycle: [ref('c'), ref('a'), ref('b'), ref('c')], violations: [] });
    expect(g.hasEdge(ref('c'), ref('a'))).toBe(false);
  });

  it('refuses a self dependency', () => {
    expect(checkEdge(graphOf('a>b'), [], ref('a'), ref('a'))).toMatchObject({ allowed: false, createsCycle: true, cycle: [ref('a'), ref('a')] });
  });

  it('refuses an edge that breaks a direct tier rule', () => {
    const check = checkEdge(graphOf('a>b', tiers), [direct], ref('a'), ref('low'));
    expect(check.allowed).toBe(false);
    expect(check.createsCycle).toBe(false);
    expect(check.violations.map((v) => [v.rule, v.path])).toEqual([['tier-1-not-on-tier-3', [ref('a'), ref('low')]]]);
  });

  it('reports a transitive violation the new edge opens up, with the path through it', () => {
    const g = graphOf('a>b c>low', tiers);
    const check = checkEdge(g, [direct, transitive], ref('b'), ref('c'));
    expect(check.allowed).toBe(false);
    expect(check.violations.map((v) => v.path)).toEqual([[ref('a'), ref('b'), ref('c'), ref('low')]]);
  });

  it('does not blame the new edge for a transitive violation that already exists', () => {
    const g = graphOf('a>b b>low c>low', tiers);
    expect(checkEdge(g, [transitive], ref('b'), ref('c'))).toEqual({ allowed: true, createsCycle: false, violations: [] });
  });

  it('allows a harmless edge', () => {
    const g = graphOf('a>b c>low', { ...tiers, d: 2 });
    expect(checkEdge(g, [direct, transitive], ref('a'), ref('d'))).toEqual({ allowed: true, createsCycle: false, violations: [] });
    // while a → c would put tier-1 a behind tier-3 low
    expect(checkEdge(g, [direct, transitive], ref('a'), ref('c')).violations.map((v) => v.path)).toEqual([[ref('a'), ref('c'), ref('low')]]);
    expect(g.size).toBe(2);
  });

  it('judges an existing edge as if it were new', () => {
    const g = graphOf('a>low', tiers);
    expect(checkEdge(g, [direct, transitive], ref('a'), ref('low')).violations.map((v) => v.rule)).toEqual([
      'tier-1-not-on-tier-3',
      'tier-1-not-behind-tier-3',
    ]);
  });

  it('accepts refs that are not in the graph yet', () => {
    const g = graphOf('a>b', tiers);
    expect(checkEdge(g, [direct], ref('new'), ref('a'))).toEqual({ allowed: true, createsCycle: false, violations: [] });
    const byKind: DependencyRule = { name: 'no-resources', from: { kind: 'component' }, to: { kind: 'resource' }, transitive: false };
    expect(checkEdge(g, [byKind], ref('a'), ref('db', 'resource')).allowed).toBe(false);
  });
});
