import { describe, expect, it } from 'vitest';
import { bootWaves, findCycles } from './analysis.ts';
import { buildDependencyGraph } from './build.ts';
import { summarizeGraph } from './index.ts';
import { entity, ref, related } from './testing.ts';

describe('buildDependencyGraph', () => {
  it('reads node attributes from the entity', () => {
    const e = entity('Component', 'checkout', { tier: 1, tags: ['java'], spec: { system: 'shop', owner: 'team-pay', type: 'website' } });
    const g = buildDependencyGraph([e], []);
    expect(g.getNodeAttributes(ref('checkout'))).toMatchObject({
      kind: 'Component',
      name: 'checkout',
      type: 'website',
      tier: 1,
      system: 'system:default/shop',
      owner: 'group:default/team-pay',
      lifecycle: 'production',
      tags: ['java'],
      runtime: true,
    });
  });

  it('leaves out groups and users, and ignores a tier that is not a positive integer', () => {
    const g = buildDependencyGraph([entity('Group', 'team-a'), entity('Component', 'x', { annotations: { 'tally.dev/tier': 'gold' } })], []);
    expect(g.nodes()).toEqual([ref('x')]);
    expect(g.getNodeAttribute(ref('x'), 'tier')).toBeUndefined();
  });

  it('turns dependsOn into an edge, reading either half of the pair', () => {
    const es = ['a', 'b', 'c'].map((n) => entity('Component', n));
    const g = buildDependencyGraph(es, [
      ...related('dependsOn', ref('a'), ref('b')),
      { type: 'dependencyOf', source: ref('c'), target: ref('b') }, // b dependsOn c, inverse half only
    ]);
    expect(summarizeGraph(g).edges).toEqual([
      { from: ref('a'), to: ref('b'), via: 'dependsOn', runtime: true },
      { from: ref('b'), to: ref('c'), via: 'dependsOn', runtime: true },
    ]);
  });

  it('collapses consumesApi to the providing components, and keeps the API when nobody provides it', () => {
    const es = [entity('Component', 'web'), entity('Component', 'pay'), entity('API', 'pay-api'), entity('API', 'orphan-api')];
    const g = buildDependencyGraph(es, [
      ...related('consumesApi', ref('web'), ref('pay-api', 'api')),
      ...related('providesApi', ref('pay'), ref('pay-api', 'api')),
      ...related('consumesApi', ref('web'), ref('orphan-api', 'api')),
    ]);
    expect(summarizeGraph(g).edges).toEqual([
      { from: ref('web'), to: ref('orphan-api', 'api'), via: 'consumesApi', runtime: true, apis: [ref('orphan-api', 'api')] },
      { from: ref('web'), to: ref('pay'), via: 'consumesApi', runtime: true, apis: [ref('pay-api', 'api')] },
    ]);
    expect(g.getNodeAttribute(ref('pay-api', 'api'), 'runtime')).toBe(false);
    expect(g.getNodeAttribute(ref('orphan-api', 'api'), 'runtime')).toBe(true);
  });

  it('does not let a component depend on itself through its own API', () => {
    const g = buildDependencyGraph([entity('Component', 'svc'), entity('API', 'svc-api')], [
      ...related('consumesApi', ref('svc'), ref('svc-api', 'api')),
      ...related('providesApi', ref('svc'), ref('svc-api', 'api')),
    ]);
    expect(g.size).toBe(0);
  });

  it('prefers dependsOn when dependsOn and consumesApi give the same pair, keeping the API', () => {
    const es = [entity('Component', 'web'), entity('Component', 'pay'), entity('API', 'pay-api')];
    const g = buildDependencyGraph(es, [
      ...related('dependsOn', ref('web'), ref('pay')),
      ...related('consumesApi', ref('web'), ref('pay-api', 'api')),
      ...related('providesApi', ref('pay'), ref('pay-api', 'api')),
    ]);
    expect(g.getEdgeAttributes(ref('web'), ref('pay'))).toEqual({ via: 'dependsOn', runtime: true, apis: [ref('pay-api', 'api')] });
  });

  it('makes subcomponent partOf a runtime edge, and system membership a drawn-only edge', () => {
    const es = [entity('Component', 'worker'), entity('Component', 'app'), entity('System', 'shop')];
    const g = buildDependencyGraph(es, [
      ...related('partOf', ref('worker'), ref('app')),
      ...related('partOf', ref('app'), ref('shop', 'system')),
      ...related('partOf', ref('shop', 'system'), ref('app')), // nonsense back-edge: must not make a cycle
    ]);
    expect(g.getEdgeAttributes(ref('worker'), ref('app'))).toEqual({ via: 'partOf', runtime: true });
    expect(g.getEdgeAttributes(ref('app'), ref('shop', 'system'))).toEqual({ via: 'partOf', runtime: false });
    expect(findCycles(g)).toEqual([]);
    expect(bootWaves(g)).toEqual({ waves: [[ref('app')], [ref('worker')]], blocked: [] });
  });

  it('adds a placeholder for a dependency with no entity', () => {
    const g = buildDependencyGraph([entity('Component', 'a')], related('dependsOn', ref('a'), ref('db', 'resource')));
    expect(g.getNodeAttributes(ref('db', 'resource'))).toMatchObject({ kind: 'resource', name: 'db', missing: true, runtime: true });
    expect(summarizeGraph(g).nodes).toEqual([
      { ref: ref('a'), kind: 'Component', name: 'a', type: 'service', owner: 'group:default/team-a', lifecycle: 'production', runtime: true },
      { ref: ref('db', 'resource'), kind: 'resource', name: 'db', missing: true, runtime: true },
    ]);
  });
});
