import { describe, expect, it } from 'vitest';
import { nonFiniteAt, parseInstant } from './instant.ts';

describe('parseInstant', () => {
  it('reads RFC 3339 with a zone, and a date alone as midnight UTC', () => {
    expect(parseInstant('2026-11-20T03:00:00+01:00')).toEqual({ ok: true, date: new Date('2026-11-20T02:00:00Z') });
    expect(parseInstant('2026-11-20')).toEqual({ ok: true, date: new Date('2026-11-20T00:00:00Z') });
    expect(parseInstant('0000-01-01T00:00:00Z')).toMatchObject({ ok: true });
  });

  it('refuses what would silently change: impossible dates, times without a zone', () => {
    expect(parseInstant('2024-02-30T00:00:00Z')).toEqual({ ok: false, reason: expect.stringMatching(/not a real date/) });
    expect(parseInstant('2024-02-30')).toEqual({ ok: false, reason: expect.stringMatching(/not a real date/) });
    expect(parseInstant('2024-03-01T10:00:00')).toEqual({ ok: false, reason: expect.stringMatching(/add a zone/) });
    expect(parseInstant('yesterday').ok).toBe(false);
  });
});

describe('nonFiniteAt', () => {
  it('finds the number JSON cannot keep (1e400 parses as Infinity)', () => {
    expect(nonFiniteAt(JSON.parse('{"a":[1,{"b":1e400}]}'))).toBe('a[1].b');
    expect(nonFiniteAt({ a: 1, b: 'x' })).toBeUndefined();
  });
});
