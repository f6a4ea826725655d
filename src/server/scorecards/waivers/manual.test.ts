import { describe, expect, it } from 'vitest';
import { context, entity, NOW, testGrading } from '../testing.ts';
import { manualCheck, type Attestation } from './manual.ts';

const target = { scorecard: 'prod', requirementId: 'drill' };
const judge = (attestations?: Record<string, Attestation>) => manualCheck.evaluate({ type: 'manual' }, context(entity('a'), { data: attestations ? { attestations } : {}, now: NOW }), undefined, testGrading, target);
const att = (over: Partial<Attestation> = {}): Attestation => ({ by: 'user:default/ann', at: '2025-06-01T10:00:00Z', expiresAt: '2025-09-01T00:00:00Z', passed: true, ...over });

describe('manual check', () => {
  it('not attested → fail', () => {
    expect(judge()).toEqual({ state: 'fail', message: 'not attested' });
  });

  it('attested and unexpired → pass naming who and when', () => {
    expect(judge({ drill: att() })).toMatchObject({ state: 'pass', message: 'attested by user:default/ann on 2025-06-01, valid until 2025-09-01' });
  });

  it('expired → fail naming the date', () => {
    expect(judge({ drill: att({ expiresAt: '2025-06-10T00:00:00Z' }) })).toMatchObject({ state: 'fail', message: expect.stringContaining('attestation expired on 2025-06-10') });
  });

  it('attested as not met → fail', () => {
    expect(judge({ drill: att({ passed: false, note: 'drill postponed' }) }).state).toBe('fail');
  });

  it('a scorecard-qualified key wins over the bare requirement id', () => {
    expect(judge({ drill: att({ passed: false }), 'prod/drill': att() }).state).toBe('pass');
  });
});
