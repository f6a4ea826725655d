import { describe, expect, it } from 'vitest';
import { buildDependencyGraph } from './build.ts';
import { graphContext, graphFacts } from './context.ts';
import { analyzeCatalog } from './snapshot.ts';
import { entityNeighbours } from './neighbours.ts';
import { entity, ref, related } from './testing.ts';
import type { CheckContext } from '../checks/index.ts';

// checkout provides checkout-api, consumed by two BFFs; it dependsOn payments and is part of
// system shop (membership, not a dependency); cart is its subcomponent.
const entities = [
  entity('Component', 'checkout', { tier: 1, spec: { system: 'shop' } }),
  entity('Component', 'storefront-bff'),
  entity('Component', 'mobile-bff'),
  entity('Component', 'payments'),
  entity('Component', 'cart'),
  entity('API', 'checkout-api'),
  entity('System', 'shop'),
];
const relations = [
  ...related('providesApi', ref('checkout'), ref('checkout-api', 'api')),
  ...related('consumesApi', ref('storefront-bff'), ref('checkout-api', 'api')),
  ...related('consumesApi', ref('mobile-bff'), ref('checkout-api', 'api')),
  ...related('dependsOn', ref('checkout'), ref('payments')),
  ...related('partOf', ref('checkout'), ref('shop', 'system')),
  ...related('partOf', ref('cart'), ref('checkout')),
];

describe("an entity's dependencies and dependents", () => {
  it('count consumed APIs (collapsed to their provider) and subcomponents, not system membership', () => {
    const n = entityNeighbours(buildDependencyGraph(entities, relations), ref('checkout'))!;
    expect(n.dependencies).toEqual([{ ref: ref('payments'), via: 'dependsOn', kind: 'Component', name: 'payments', type: 'service', owner: 'group:default/team-a' }]);
    expect(n.dependents.map((d) => [d.name, d.via, d.apis])).toEqual([
      ['cart', 'partOf', undefined],
      ['mobile-bff', 'consumesApi', [ref('checkout-api', 'api')]],
      ['storefront-bff', 'consumesApi', [ref('checkout-api', 'api')]],
    ]);
    expect(entityNeighbours(buildDependencyGraph(entities, relations), ref('nope'))).toBeUndefined();
  });

  it('are what CEL sees as graph.dependencies and graph.dependents', () => {
    const facts = graphFacts(analyzeCatalog(entities, relations, [])).get(ref('checkout'))!;
    const api = entityNeighbours(buildDependencyGraph(entities, relations), ref('checkout'))!;
    expect(facts.dependencies).toEqual(api.dependencies.map(({ ref, via, apis }) => ({ ref, via, ...(apis ? { apis } : {}) })));
    expect(facts.dependents).toEqual(api.dependents.map(({ ref, via, apis }) => ({ ref, via, ...(apis ? { apis } : {}) })));
  });
});

describe('the graph provider explains itself', () => {
  const rules = [{ name: 'tier-1-not-on-tier-3', from: { tier: 1 }, to: { minTier: 3 }, transitive: false }];
  const es = [entity('Component', 'checkout', { tier: 1 }), entity('Component', 'recommendations', { tier: 3 }), entity('Component', 'pricing'), entity('Component', 'promotions')];
  const rs = [...related('dependsOn', ref('checkout'), ref('recommendations')), ...related('dependsOn', ref('pricing'), ref('promotions')), ...related('dependsOn', ref('promotions'), ref('pricing'))];
  const facts = graphFacts(analyzeCatalog(es, rs, rules as never));
  const explain = (name: string, fields: string[]) => graphContext.explain!(facts.get(ref(name))!, new Set(fields), { ref: ref(name) } as CheckContext);

  it('names the dependency edge and the rule it breaks', () => {
    expect(explain('checkout', ['violations'])).toEqual({
      observed: 'checkout → recommendations breaks tier-1-not-on-tier-3',
      objects: [{ kind: 'edge', label: 'checkout → recommendations', ref: ref('recommendations'), rule: 'tier-1-not-on-tier-3' }],
    });
    expect(explain('pricing', ['violations'])).toEqual({ observed: 'no dependency breaks a dependency rule' });
  });

  it("names the cycle's members, walking from the entity", () => {
    expect(explain('promotions', ['inCycle'])).toEqual({ observed: 'on the dependency cycle promotions → pricing → promotions', objects: [{ kind: 'entity', label: 'pricing', ref: ref('pricing') }] });
    expect(explain('checkout', ['inCycle'])).toEqual({ observed: 'on no dependency cycle' });
    expect(explain('checkout', ['bootWave'])).toBeUndefined();
  });
});
