// Window arithmetic pinned across time zones and DST changes. Every instant is written in UTC
// with its local reading beside it, so a reader can check the expectation by hand.
import { describe, expect, it } from 'vitest';
import type { DeployRule, Freeze } from './document.ts';
import { activeFreeze, isWithinWindows, nextWindowStart } from './windows.ts';

const AMS = 'Europe/Amsterdam';
const NYC = 'America/New_York';
const d = (iso: string) => new Date(iso);
const win = (days: number[], from: string, to: string): DeployRule => ({ windows: [{ days, from: mins(from), to: mins(to) }] });
function mins(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
const SUN = 7;
const next = (rule: DeployRule, at: string, zone: string, freezes: Freeze[] = [], grade: 'A' | 'D' | null = 'D') =>
  nextWindowStart(rule, freezes, grade, d(at), zone)?.toISOString() ?? null;

describe('Europe/Amsterdam, spring forward (2026-03-29, 02:00 CET → 03:00 CEST)', () => {
  const rule = win([SUN], '01:00', '04:00');
  it('a 01:00–04:00 window lasts two real hours', () => {
    expect(isWithinWindows(rule, d('2026-03-28T23:59:00Z'), AMS)).toBe(false); // 00:59 CET
    expect(isWithinWindows(rule, d('2026-03-29T00:00:00Z'), AMS)).toBe(true); // 01:00 CET
    expect(isWithinWindows(rule, d('2026-03-29T01:00:00Z'), AMS)).toBe(true); // 03:00 CEST
    expect(isWithinWindows(rule, d('2026-03-29T01:59:00Z'), AMS)).toBe(true); // 03:59 CEST
    expect(isWithinWindows(rule, d('2026-03-29T02:00:00Z'), AMS)).toBe(false); // 04:00 CEST
    expect(next(rule, '2026-03-28T12:00:00Z', AMS)).toBe('2026-03-29T00:00:00.000Z');
  });
  it('a window from 02:00 opens at 03:00, when the clock jumps past 02:00', () => {
    expect(next(win([SUN], '02:00', '04:00'), '2026-03-28T12:00:00Z', AMS)).toBe('2026-03-29T01:00:00.000Z');
    expect(next(win([SUN], '02:30', '03:30'), '2026-03-28T12:00:00Z', AMS)).toBe('2026-03-29T01:00:00.000Z');
  });
  it('a window inside the skipped hour does not open that day', () => {
    // 02:00–02:30 never shows on the clock on 29 March; the next is Sunday 5 April 02:00 CEST.
    expect(next(win([SUN], '02:00', '02:30'), '2026-03-28T12:00:00Z', AMS)).toBe('2026-04-05T00:00:00.000Z');
  });
});

describe('Europe/Amsterdam, fall back (2026-10-25, 03:00 CEST → 02:00 CET)', () => {
  it('a 01:00–04:00 window lasts four real hours', () => {
    const rule = win([SUN], '01:00', '04:00');
    expect(next(rule, '2026-10-24T12:00:00Z', AMS)).toBe('2026-10-24T23:00:00.000Z'); // 01:00 CEST
    expect(isWithinWindows(rule, d('2026-10-25T00:30:00Z'), AMS)).toBe(true); // 02:30 CEST
    expect(isWithinWindows(rule, d('2026-10-25T01:30:00Z'), AMS)).toBe(true); // 02:30 CET
    expect(isWithinWindows(rule, d('2026-10-25T02:59:00Z'), AMS)).toBe(true); // 03:59 CET
    expect(isWithinWindows(rule, d('2026-10-25T03:00:00Z'), AMS)).toBe(false); // 04:00 CET
  });
  it('a window in the repeated hour opens twice, first at the earlier 02:00', () => {
    const rule = win([SUN], '02:00', '02:30');
    expect(next(rule, '2026-10-24T12:00:00Z', AMS)).toBe('2026-10-25T00:00:00.000Z'); // 02:00 CEST
    expect(isWithinWindows(rule, d('2026-10-25T00:45:00Z'), AMS)).toBe(false); // 02:45 CEST
    expect(next(rule, '2026-10-25T00:45:00Z', AMS)).toBe('2026-10-25T01:00:00.000Z'); // 02:00 CET
  });
  it('re-opens when the clock falls back into a window that had closed', () => {
    // 01:30–02:30: open 01:30–02:30 CEST, closed 02:30–03:00 CEST, open again 02:00–02:30 CET.
    expect(next(win([SUN], '01:30', '02:30'), '2026-10-25T00:40:00Z', AMS)).toBe('2026-10-25T01:00:00.000Z');
  });
});

describe('America/New_York, 2026 transitions', () => {
  const rule = win([SUN], '01:00', '04:00');
  it('spring forward on 8 March (02:00 EST → 03:00 EDT): 01:00 EST to 04:00 EDT', () => {
    expect(next(rule, '2026-03-07T12:00:00Z', NYC)).toBe('2026-03-08T06:00:00.000Z');
    expect(isWithinWindows(rule, d('2026-03-08T07:59:00Z'), NYC)).toBe(true); // 03:59 EDT
    expect(isWithinWindows(rule, d('2026-03-08T08:00:00Z'), NYC)).toBe(false); // 04:00 EDT
  });
  it('fall back on 1 November (02:00 EDT → 01:00 EST): 01:00 EDT to 04:00 EST', () => {
    expect(next(rule, '2026-10-31T12:00:00Z', NYC)).toBe('2026-11-01T05:00:00.000Z');
    expect(isWithinWindows(rule, d('2026-11-01T08:59:00Z'), NYC)).toBe(true); // 03:59 EST
    expect(isWithinWindows(rule, d('2026-11-01T09:00:00Z'), NYC)).toBe(false);
    const repeated = win([SUN], '01:00', '01:30');
    expect(next(repeated, '2026-11-01T05:45:00Z', NYC)).toBe('2026-11-01T06:00:00.000Z'); // 01:00 EST
  });
});

describe('windows across the week', () => {
  it('finds the next Tuesday 10:00 local from a Sunday night', () => {
    // Sunday 2026-11-22 03:00 CET → Tuesday 2026-11-24 10:00 CET.
    expect(next(win([2, 3], '10:00', '16:00'), '2026-11-22T02:00:00Z', AMS)).toBe('2026-11-24T09:00:00.000Z');
  });
  it('is open from `from` up to, not including, `to`', () => {
    const rule = win([2], '10:00', '16:00');
    expect(isWithinWindows(rule, d('2026-11-24T09:00:00Z'), AMS)).toBe(true);
    expect(isWithinWindows(rule, d('2026-11-24T14:59:59Z'), AMS)).toBe(true);
    expect(isWithinWindows(rule, d('2026-11-24T15:00:00Z'), AMS)).toBe(false);
  });
  it('overnight windows end the next morning, also from Sunday into Monday', () => {
    const friNight = win([5], '22:00', '06:00');
    expect(isWithinWindows(friNight, d('2026-11-27T20:59:00Z'), AMS)).toBe(false); // Fri 21:59
    expect(isWithinWindows(friNight, d('2026-11-27T21:00:00Z'), AMS)).toBe(true); // Fri 22:00
    expect(isWithinWindows(friNight, d('2026-11-28T04:59:00Z'), AMS)).toBe(true); // Sat 05:59
    expect(isWithinWindows(friNight, d('2026-11-28T05:00:00Z'), AMS)).toBe(false); // Sat 06:00
    expect(isWithinWindows(friNight, d('2026-11-26T23:00:00Z'), AMS)).toBe(false); // Fri 00:00: Thursday night is not listed
    const sunNight = win([SUN], '23:00', '01:00');
    expect(isWithinWindows(sunNight, d('2026-11-29T23:30:00Z'), AMS)).toBe(true); // Mon 00:30
    expect(next(sunNight, '2026-11-28T05:00:00Z', AMS)).toBe('2026-11-29T22:00:00.000Z');
  });
  it('answers `at` itself while a window, even one begun yesterday, is open', () => {
    expect(next(win([5], '22:00', '06:00'), '2026-11-28T03:00:00Z', AMS)).toBe('2026-11-28T03:00:00.000Z');
  });
  it('24:00 means until midnight', () => {
    const rule = win([3], '00:00', '24:00');
    expect(isWithinWindows(rule, d('2026-11-25T22:59:59Z'), AMS)).toBe(true); // Wed 23:59:59
    expect(isWithinWindows(rule, d('2026-11-25T23:00:00Z'), AMS)).toBe(false); // Thu 00:00
  });
  it('never and always', () => {
    expect(next('never', '2026-11-22T02:00:00Z', AMS)).toBeNull();
    expect(isWithinWindows('never', d('2026-11-22T02:00:00Z'), AMS)).toBe(false);
    expect(next('always', '2026-11-22T02:00:00Z', AMS)).toBe('2026-11-22T02:00:00.000Z');
  });
});

describe('freezes', () => {
  const yearEnd: Freeze = { name: 'year-end', from: '2026-12-20', to: '2027-01-04', exempt: ['A+'] };
  it('cover local midnight of `from` to local midnight after `to` (both dates inclusive)', () => {
    expect(activeFreeze([yearEnd], 'A', d('2026-12-19T22:59:59Z'), AMS)).toBeNull(); // Dec 19 23:59:59 CET
    expect(activeFreeze([yearEnd], 'A', d('2026-12-19T23:00:00Z'), AMS)?.name).toBe('year-end');
    expect(activeFreeze([yearEnd], 'A', d('2027-01-04T22:59:00Z'), AMS)?.name).toBe('year-end'); // Jan 4 23:59 CET
    expect(activeFreeze([yearEnd], 'A', d('2027-01-04T23:00:00Z'), AMS)).toBeNull();
  });
  it('do not apply to exempt grades; apply to ungraded (null) services', () => {
    expect(activeFreeze([yearEnd], 'A+', d('2026-12-25T12:00:00Z'), AMS)).toBeNull();
    expect(activeFreeze([yearEnd], null, d('2026-12-25T12:00:00Z'), AMS)?.name).toBe('year-end');
  });
  it('push the next window past the freeze: at its end, or the first window after it', () => {
    expect(next('always', '2026-12-25T12:00:00Z', AMS, [yearEnd], 'A')).toBe('2027-01-04T23:00:00.000Z');
    expect(next(win([1, 2, 3, 4, 5], '06:00', '22:00'), '2026-12-25T12:00:00Z', AMS, [yearEnd])).toBe('2027-01-05T05:00:00.000Z');
    // A freeze ending inside an open window: deploys open at local midnight.
    const night = win([1], '22:00', '06:00');
    const mon: Freeze = { name: 'monday', from: '2026-11-30', to: '2026-11-30', exempt: [] };
    expect(next(night, '2026-11-30T12:00:00Z', AMS, [mon])).toBe('2026-11-30T23:00:00.000Z');
  });
  it('return null when nothing opens within a year', () => {
    const long: Freeze = { name: 'forever', from: '2026-01-01', to: '2028-01-01', exempt: [] };
    expect(next('always', '2026-06-01T00:00:00Z', AMS, [long], 'A')).toBeNull();
  });
});
