import { describe, expect, it } from 'vitest';
import { buildDependencyGraph } from './build.ts';
import { compileSelector, findViolations, parseDependencyRules, type DependencyRule } from './rules.ts';
import { entity, graphOf, ref, related } from './testing.ts';

const tierRule = (transitive: boolean): DependencyRule => ({
  name: 'tier-1-not-on-tier-3',
  description: 'A tier-1 service must not depend on a tier-3 one',
  from: { tier: 1 },
  to: { minTier: 3 },
  transitive,
});

describe('parseDependencyRules', () => {
  it('accepts the documented syntax and defaults transitive to false', () => {
    const { rules, problems } = parseDependencyRules([
      { name: 'tier-1-not-on-tier-3', from: { tier: 1 }, to: { minTier: 3 } },
      { name: 'dns', from: { kind: 'Resource', type: 'dns' }, to: { annotations: { 'tally.dev/role': 'hypervisor' } }, transitive: true },
    ]);
    expect(problems).toEqual([]);
    expect(rules.map((r) => r.transitive)).toEqual([false, true]);
  });

  it('lists every fault with its field', () => {
    const { rules, problems } = parseDependencyRules(
      [
        { name: 'a', from: { tier: 'one' }, to: {} },
        { name: 'a', from: { minTier: 3, maxTier: 1 }, to: { colour: 'red' } },
      ],
      { file: 'tally.yaml' },
    );
    expect(rules).toEqual([]);
    expect(problems.map((p) => p.field).sort()).toEqual(['graph.rules[0].from.tier', 'graph.rules[1].from.minTier', 'graph.rules[1].name', 'graph.rules[1].to']);
    expect(problems.every((p) => p.file === 'tally.yaml' && p.severity === 'error')).toBe(true);
  });
});

describe('compileSelector', () => {
  const node = { kind: 'Component', name: 'pay', tier: 2, system: 'system:default/shop', owner: 'group:default/sre', tags: ['java', 'pci'], annotations: { x: 'y' } };
  it('ANDs every field and normalises refs', () => {
    expect(compileSelector({ kind: 'component', system: 'shop', owner: 'sre', tags: ['pci'], annotations: { x: 'y' } })(ref('pay'), node)).toBe(true);
    expect(compileSelector({ kind: 'component', system: 'other' })(ref('pay'), node)).toBe(false);
    expect(compileSelector({ minTier: 2, maxTier: 2 })(ref('pay'), node)).toBe(true);
    expect(compileSelector({ minTier: 3 })(ref('pay'), node)).toBe(false);
    expect(compileSelector({ name: ref('pay') })(ref('pay'), node)).toBe(true);
    expect(compileSelector({ tags: ['pci', 'go'] })(ref('pay'), node)).toBe(false);
  });
  it('never matches a tier selector on a node without a tier', () => {
    expect(compileSelector({ maxTier: 3 })(ref('pay'), { ...node, tier: undefined })).toBe(false);
  });
});

describe('findViolations', () => {
  // t1 → mid(t2) → low(t3); t1 → low2(t3) directly; ok(t1) → mid
  const g = graphOf('t1>mid mid>low t1>low2 ok>mid', { t1: 1, mid: 2, low: 3, low2: 3, ok: 1 });

  it('direct rule: only edges that go straight from tier 1 to tier 3', () => {
    const v = findViolations(g, [tierRule(false)]);
    expect(v).toEqual([
      {
        rule: 'tier-1-not-on-tier-3',
        from: ref('t1'),
        to: ref('low2'),
        path: [ref('t1'), ref('low2')],
        message: 'tier-1-not-on-tier-3: t1 depends on low2 (A tier-1 service must not depend on a tier-3 one)',
      },
    ]);
  });

  it('transitive rule: every tier-1 to tier-3 pair, each with a shortest path', () => {
    const v = findViolations(g, [tierRule(true)]);
    expect(v.map((x) => x.path)).toEqual([
      [ref('ok'), ref('mid'), ref('low')],
      [ref('t1'), ref('mid'), ref('low')],
      [ref('t1'), ref('low2')],
    ]);
    expect(v[0].message).toContain('ok depends on low through mid');
  });

  it('annotation selector: DNS must not depend on the hypervisors', () => {
    const es = [
      entity('Resource', 'dns', { spec: { type: 'dns' } }),
      entity('Resource', 'hv1', { spec: { type: 'vm-host' }, annotations: { 'tally.dev/role': 'hypervisor' } }),
      entity('Resource', 'hv2', { spec: { type: 'vm-host' }, annotations: { 'tally.dev/role': 'storage' } }),
    ];
    const rels = [...related('dependsOn', ref('dns', 'resource'), ref('hv1', 'resource')), ...related('dependsOn', ref('dns', 'resource'), ref('hv2', 'resource'))];
    const rule: DependencyRule = { name: 'dns-not-on-hypervisors', from: { kind: 'Resource', type: 'dns' }, to: { annotations: { 'tally.dev/role': 'hypervisor' } }, transitive: false };
    const v = findViolations(buildDependencyGraph(es, rels), [rule]);
    expect(v.map((x) => [x.from, x.to])).toEqual([[ref('dns', 'resource'), ref('hv1', 'resource')]]);
  });

  it('finds a transitive violation through a cycle and reports each pair once', () => {
    const c = graphOf('a>b b>a b>z', { a: 1, z: 3 });
    expect(findViolations(c, [tierRule(true)]).map((x) => x.path)).toEqual([[ref('a'), ref('b'), ref('z')]]);
  });

  it('returns nothing when no rule is broken', () => {
    expect(findViolations(graphOf('a>b', { a: 1, b: 1 }), [tierRule(true), tierRule(false)])).toEqual([]);
  });
});
