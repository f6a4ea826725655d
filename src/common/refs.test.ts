import { describe, expect, it } from 'vitest';
import { formatRef, normalizeRef, parseRef, shortRef } from './refs.ts';

describe('parseRef', () => {
  it('reads the full form kind:namespace/name', () => {
    expect(parseRef('component:payments/checkout')).toEqual({ kind: 'component', namespace: 'payments', name: 'checkout' });
  });

  it('defaults the namespace to default, or to the given one', () => {
    expect(parseRef('group:team-a')).toEqual({ kind: 'group', namespace: 'default', name: 'team-a' });
    expect(parseRef('group:team-a', { defaultNamespace: 'ops' })?.namespace).toBe('ops');
    expect(parseRef('group:infra/team-a', { defaultNamespace: 'ops' })?.namespace).toBe('infra');
  });

  it('uses the default kind only when the ref names none', () => {
    expect(parseRef('team-a', { defaultKind: 'Group' })?.kind).toBe('Group');
    expect(parseRef('user:jdoe', { defaultKind: 'Group' })?.kind).toBe('user');
    expect(parseRef('infra/team-a', { defaultKind: 'Group' })).toEqual({ kind: 'Group', namespace: 'infra', name: 'team-a' });
  });

  it('rejects a kind-less ref when there is no default kind (Backstage: dependsOn needs a kind)', () => {
    expect(parseRef('checkout')).toBeUndefined();
    expect(parseRef('payments/checkout')).toBeUndefined();
  });

  it('rejects empty parts and stray separators', () => {
    for (const bad of ['', ':x', 'component:', 'component:/x', 'component:ns/', 'component:a/b/c', 'ns/a:b']) {
      expect(parseRef(bad, { defaultKind: 'Component' }), bad).toBeUndefined();
    }
  });
});

describe('formatRef and normalizeRef', () => {
  it('give the full lower-case form, so spellings compare equal', () => {
    expect(formatRef({ kind: 'Component', namespace: 'Default', name: 'Checkout' })).toBe('component:default/checkout');
    expect(normalizeRef('Checkout', { defaultKind: 'Component' })).toBe('component:default/checkout');
    expect(normalizeRef('COMPONENT:default/checkout')).toBe(normalizeRef('component:checkout'));
    expect(normalizeRef('checkout')).toBeUndefined();
  });
});

describe('shortRef', () => {
  it('drops kind and the default namespace, keeps other namespaces', () => {
    expect(shortRef('component:default/checkout')).toBe('checkout');
    expect(shortRef('Component:Default/checkout')).toBe('checkout');
    expect(shortRef('component:payments/checkout')).toBe('payments/checkout');
  });

  it('returns what it cannot parse unchanged', () => {
    expect(shortRef('not a ref/with/slashes')).toBe('not a ref/with/slashes');
  });
});
