import { describe, expect, it } from 'vitest';
import { decideDeploy } from './decide.ts';
import { demoPolicy } from './testing.ts';

const policy = demoPolicy();
const sundayNight = new Date('2026-11-22T02:00:00Z'); // Sunday 03:00 Europe/Amsterdam

describe('decideDeploy', () => {
  it('allows an A service at 03:00 on a Sunday', () => {
    expect(decideDeploy(policy, { grade: 'A', at: sundayNight })).toEqual({
      allowed: true,
      grade: 'A',
      reason: 'Grade A deploys at any time.',
      rule: 'grade A: always',
      nextWindowStart: null,
      policy: 'deploy-by-grade',
    });
  });

  it('refuses a D service then, naming the window and when it opens next', () => {
    expect(decideDeploy(policy, { grade: 'D', at: sundayNight })).toEqual({
      allowed: false,
      grade: 'D',
      reason: 'Grade D deploys Tue–Wed 10:00–16:00 Europe/Amsterdam; next window opens Tue 2026-11-24 10:00 (09:00Z).',
      rule: 'grade D: tue-wed 10:00-16:00 Europe/Amsterdam',
      nextWindowStart: '2026-11-24T09:00:00.000Z',
      policy: 'deploy-by-grade',
    });
  });

  it('allows a B service inside its window', () => {
    const d = decideDeploy(policy, { grade: 'B', at: new Date('2026-11-23T12:00:00Z') });
    expect(d).toMatchObject({ allowed: true, rule: 'grade B: mon-fri 06:00-22:00 Europe/Amsterdam', nextWindowStart: null });
    expect(d.reason).toBe('Grade B deploys Mon–Fri 06:00–22:00 Europe/Amsterdam; the window is open now.');
  });

  it('never lets an F service deploy', () => {
    const d = decideDeploy(policy, { grade: 'F', at: new Date('2026-11-24T10:00:00Z') });
    expect(d).toMatchObject({ allowed: false, rule: 'grade F: never', nextWindowStart: null });
    expect(d.reason).toContain('may not deploy');
  });

  it('freezes every grade but the exempt ones, and says when deploys resume', () => {
    const xmas = new Date('2026-12-24T12:00:00Z');
    expect(decideDeploy(policy, { grade: 'A+', at: xmas }).allowed).toBe(true);
    const a = decideDeploy(policy, { grade: 'A', at: xmas });
    expect(a).toMatchObject({ allowed: false, rule: 'freeze year-end', nextWindowStart: '2027-01-04T23:00:00.000Z' });
    expect(a.reason).toBe(
      'Freeze year-end is in effect from 2026-12-20 to 2027-01-04 inclusive, Europe/Amsterdam (exempt: A+); next window opens Tue 2027-01-05 00:00 (2027-01-04 23:00Z).',
    );
    expect(decideDeploy(policy, { grade: 'C', at: xmas }).nextWindowStart).toBe('2027-01-05T07:00:00.000Z');
  });

  it('lets a break-glass override through until it expires', () => {
    const override = { id: 'ovr-7', by: 'user:default/alice', reason: 'hotfix for INC-42', expiresAt: '2026-11-22T04:00:00Z' };
    const d = decideDeploy(policy, { grade: 'F', at: sundayNight, override });
    expect(d).toMatchObject({ allowed: true, rule: 'break-glass override', nextWindowStart: null });
    expect(d.reason).toContain('Break-glass override ovr-7 by user:default/alice: hotfix for INC-42');
    const later = decideDeploy(policy, { grade: 'F', at: new Date('2026-11-22T04:00:00Z'), override });
    expect(later.allowed).toBe(false);
    expect(later.reason).toContain('Override ovr-7 expired');
  });

  describe('ungraded services', () => {
    it('are treated as the `ungraded` letter (D in the demo), freezes included', () => {
      const d = decideDeploy(policy, { grade: null, at: sundayNight });
      expect(d).toMatchObject({ allowed: false, grade: null, rule: 'ungraded as D: tue-wed 10:00-16:00 Europe/Amsterdam', nextWindowStart: '2026-11-24T09:00:00.000Z' });
      expect(d.reason).toMatch(/^The service has no grade yet and is treated as D; grade D deploys Tue–Wed/);
    });
    it('are refused under `deny`', () => {
      const d = decideDeploy({ ...policy, ungraded: 'deny' }, { grade: null, at: new Date('2026-11-24T10:00:00Z') });
      expect(d).toMatchObject({ allowed: false, rule: 'ungraded: deny', nextWindowStart: null });
    });
    it('may deploy at any time under `allow`, except in freezes (nobody is exempt)', () => {
      const allow = { ...policy, ungraded: 'allow' as const };
      expect(decideDeploy(allow, { grade: null, at: sundayNight })).toMatchObject({ allowed: true, rule: 'ungraded: allow: always' });
      expect(decideDeploy(allow, { grade: null, at: new Date('2026-12-24T12:00:00Z') })).toMatchObject({ allowed: false, rule: 'freeze year-end' });
    });
  });
});
