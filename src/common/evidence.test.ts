import { describe, expect, it } from 'vitest';
import { evidenceObjects } from './evidence.ts';

describe('evidenceObjects', () => {
  it('returns the well-formed objects a result names', () => {
    const edge = { kind: 'edge', label: 'checkout → recommendations', ref: 'component:default/recommendations', rule: 'tier-1-not-on-tier-3' };
    expect(evidenceObjects({ objects: [edge, { kind: 'url', label: 'status', url: 'https://x' }], message: 'm' })).toEqual([edge, { kind: 'url', label: 'status', url: 'https://x' }]);
  });

  it('ignores evidence without objects, and entries of unknown kinds or shapes', () => {
    expect(evidenceObjects(null)).toEqual([]);
    expect(evidenceObjects({ stats: { deploys: 2 } })).toEqual([]);
    expect(evidenceObjects({ objects: 'checkout' })).toEqual([]);
    expect(evidenceObjects({ objects: [{ kind: 'team', label: 'x' }, { kind: 'entity' }, { kind: 'entity', label: 'a', ref: 3 }] })).toEqual([]);
  });
});
