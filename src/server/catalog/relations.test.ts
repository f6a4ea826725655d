import { describe, expect, it } from 'vitest';
import type { Entity } from '../../common/catalog.ts';
import { deriveRelations, entityRef, unresolvedRefs } from './relations.ts';
import type { LoadedEntity } from './types.ts';

const entity = (kind: string, name: string, spec: Record<string, unknown> = {}, namespace?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: namespace ? { name, namespace } : { name },
  spec,
});
const triples = (entities: Entity[]) => deriveRelations(entities).map((r) => `${r.source} ${r.type} ${r.target}`);

describe('deriveRelations', () => {
  it('emits each Component reference and its inverse, with default kinds per field', () => {
    const checkout = entity('Component', 'checkout', {
      owner: 'team-a',
      system: 'shop',
      subcomponentOf: 'storefront',
      providesApis: ['checkout-api'],
      consumesApis: ['payments/charge-api'],
      dependsOn: ['resource:orders-db'],
      dependencyOf: ['component:frontend'],
    });
    expect(triples([checkout])).toEqual([
      'component:default/checkout ownedBy group:default/team-a',
      'group:default/team-a ownerOf component:default/checkout',
      'component:default/checkout partOf system:default/shop',
      'system:default/shop hasPart component:default/checkout',
      'component:default/checkout partOf component:default/storefront',
      'component:default/storefront hasPart component:default/checkout',
      'component:default/checkout providesApi api:default/checkout-api',
      'api:default/checkout-api apiProvidedBy component:default/checkout',
      'component:default/checkout consumesApi api:payments/charge-api',
      'api:payments/charge-api apiConsumedBy component:default/checkout',
      'component:default/checkout dependsOn resource:default/orders-db',
      'resource:default/orders-db dependencyOf component:default/checkout',
      'component:default/checkout dependencyOf component:default/frontend',
      'component:default/frontend dependsOn component:default/checkout',
    ]);
  });

  it('resolves kind-less refs in the entity own namespace; explicit kinds and namespaces win', () => {
    expect(triples([entity('Component', 'x', { owner: 'user:jdoe', system: 'core/platform' }, 'payments')])).toEqual([
      'component:payments/x ownedBy user:payments/jdoe',
      'user:payments/jdoe ownerOf component:payments/x',
      'component:payments/x partOf system:core/platform',
      'system:core/platform hasPart component:payments/x',
    ]);
  });

  it('covers API, Resource, System, Domain, Group and User', () => {
    const all = triples([
      entity('API', 'charge', { owner: 'team-a', system: 'shop' }),
      entity('Resource', 'db', { owner: 'team-a', system: 'shop', dependsOn: ['resource:disk'], dependencyOf: ['component:checkout'] }),
      entity('System', 'shop', { owner: 'team-a', domain: 'commerce' }),
      entity('Domain', 'commerce', { owner: 'team-a', subdomainOf: 'business' }),
      entity('Group', 'team-a', { type: 'team', parent: 'eng', children: ['team-a1'], members: ['jdoe'] }),
      entity('User', 'jdoe', { memberOf: ['team-a'] }),
    ]);
    expect(all).toEqual(
      expect.arrayContaining([
        'api:default/charge partOf system:default/shop',
        'resource:default/db dependsOn resource:default/disk',
        'component:default/checkout dependsOn resource:default/db',
        'system:default/shop partOf domain:default/commerce',
        'domain:default/commerce hasPart system:default/shop',
        'domain:default/commerce partOf domain:default/business',
        'group:default/team-a childOf group:default/eng',
        'group:default/eng parentOf group:default/team-a',
        'group:default/team-a parentOf group:default/team-a1',
        'group:default/team-a1 childOf group:default/team-a',
        'group:default/team-a hasMember user:default/jdoe',
        'user:default/jdoe memberOf group:default/team-a',
      ]),
    );
  });

  it('returns each relation once when both sides declare it', () => {
    const rels = triples([
      entity('Group', 'team-a', { type: 'team', children: [], members: ['jdoe'] }),
      entity('User', 'jdoe', { memberOf: ['group:default/Team-A'] }),
    ]);
    expect(rels).toEqual(['group:default/team-a hasMember user:default/jdoe', 'user:default/jdoe memberOf group:default/team-a']);
  });

  it('skips refs it cannot parse, such as a kind-less dependsOn', () => {
    expect(triples([entity('Component', 'x', { dependsOn: ['postgres'] })])).toEqual([]);
  });
});

describe('unresolvedRefs', () => {
  const loaded = (e: Entity, file: string, doc: number): LoadedEntity => ({ entity: e, ref: entityRef(e), file, doc });

  it('warns about refs to entities not in the set, naming file, document and field', () => {
    const team = loaded(entity('Group', 'team-a', { type: 'team', children: [] }), 'org.yaml', 0);
    const svc = loaded(entity('Component', 'checkout', { owner: 'team-a', dependsOn: ['component:a', 'resource:missing-db'] }), 'svc.yaml', 1);
    const a = loaded(entity('Component', 'a', { owner: 'team-a' }), 'svc.yaml', 0);
    expect(unresolvedRefs([team, svc, a])).toEqual([
      {
        severity: 'warning',
        message: 'component:default/checkout refers to resource:default/missing-db, which is not in the catalog',
        file: 'svc.yaml',
        doc: 1,
        field: 'spec.dependsOn[1]',
      },
    ]);
  });

  it('accepts plain entities and refs known elsewhere (e.g. already stored)', () => {
    const svc = entity('Component', 'checkout', { owner: 'team-a' });
    expect(unresolvedRefs([svc]).map((p) => p.field)).toEqual(['spec.owner']);
    expect(unresolvedRefs([svc], { knownRefs: new Set(['group:default/team-a']) })).toEqual([]);
  });
});
