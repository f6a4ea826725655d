import { describe, expect, it } from 'vitest';
import { appliesTo, selectorSchema } from './applies.ts';
import { entity } from '../testing.ts';

const sel = (s: unknown) => selectorSchema.parse(s);
const svc = entity('checkout', { annotations: { 'tally.dev/tier': '1', 'tally.dev/status-url': 'http://x' }, tags: ['payments'], spec: { system: 'shop' } });

describe('appliesTo', () => {
  it('an empty or missing selector matches everything', () => {
    expect(appliesTo(undefined, svc)).toBe(true);
    expect(appliesTo(sel({}), svc)).toBe(true);
  });

  it('matches kind/type case-insensitively and values from lists', () => {
    expect(appliesTo(sel({ kind: 'component', type: ['website', 'service'] }), svc)).toBe(true);
    expect(appliesTo(sel({ kind: 'API' }), svc)).toBe(false);
  });

  it('matches tier, owner and system refs, tags and annotations', () => {
    expect(appliesTo(sel({ tier: [1, 2] }), svc)).toBe(true);
    expect(appliesTo(sel({ tier: 3 }), svc)).toBe(false);
    expect(appliesTo(sel({ owner: 'group:default/team-a', system: 'shop' }), svc)).toBe(true);
    expect(appliesTo(sel({ owner: 'team-b' }), svc)).toBe(false);
    expect(appliesTo(sel({ tags: ['payments', 'x'] }), svc)).toBe(true);
    expect(appliesTo(sel({ annotations: { 'tally.dev/status-url': '*' } }), svc)).toBe(true);
    expect(appliesTo(sel({ annotations: { 'tally.dev/runbook-url': '*' } }), svc)).toBe(false);
  });

  it('prefers the resolved owner from the context', () => {
    expect(appliesTo(sel({ owner: 'team-z' }), svc, { owner: { ref: 'group:default/team-z' } })).toBe(true);
  });
});
