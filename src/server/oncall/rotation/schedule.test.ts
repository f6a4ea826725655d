import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../platform/problems.ts';
import { checkRotationSet, parseRotation, type Rotation } from './document.ts';
import { gapsIn, onCallAt, shiftsBetween } from './schedule.ts';

const doc = (spec: Record<string, unknown>, name = 'payments') => ({ apiVersion: 'tally.dev/v1', kind: 'Rotation', metadata: { name }, spec: { owner: 'team-payments', timeZone: 'Europe/Berlin', ...spec } });
function rotation(spec: Record<string, unknown>): Rotation {
  const r = parseRotation(doc(spec), { file: 'rotations.yaml', doc: 0 });
  expect(r.problems.map(formatProblem)).toEqual([]);
  return r.rotation!;
}
const iso = (ms: number) => new Date(ms).toISOString();
const t = (s: string) => Date.parse(s);
const who = (r: Rotation, s: string) => onCallAt(r, [], t(s))?.user;

describe('the schedule', () => {
  it('hands over a daily shift at 09:00 local time on both sides of the spring change (a 23-hour shift)', () => {
    const r = rotation({ layers: [{ name: 'primary', start: '2026-03-27', handoff: '09:00', shift: 'daily', members: ['ann', 'bob', 'cy'] }] });
    const shifts = shiftsBetween(r, [], t('2026-03-27T00:00:00Z'), t('2026-03-31T00:00:00Z'));
    expect(shifts.map((s) => [iso(s.start), iso(s.end), s.user])).toEqual([
      ['2026-03-27T08:00:00.000Z', '2026-03-28T08:00:00.000Z', 'user:default/ann'],
      ['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', 'user:default/bob'], // 23 h: clocks went forward at 02:00
      ['2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', 'user:default/cy'],
      ['2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z', 'user:default/ann'],
    ]);
    expect(who(r, '2026-03-29T07:30:00Z')).toBe('user:default/cy');
    expect(who(r, '2026-03-29T06:59:59Z')).toBe('user:default/bob');
  });

  it('makes the weekly shift over the autumn change 169 hours long and starts nobody before the first handoff', () => {
    const r = rotation({ layers: [{ name: 'primary', start: '2026-10-19', handoff: '10:00', shift: 'weekly', members: ['ann', 'bob'] }] });
    const [first, second, third] = shiftsBetween(r, [], t('2026-10-01T00:00:00Z'), t('2026-11-02T09:00:00Z'));
    expect([iso(first!.start), iso(first!.end), first!.user]).toEqual(['2026-10-19T08:00:00.000Z', '2026-10-26T09:00:00.000Z', 'user:default/ann']);
    expect((second!.end - second!.start) / 3_600_000).toBe(168);
    expect(third).toBeUndefined();
    expect(who(r, '2026-10-10T00:00:00Z')).toBeUndefined();
  });

  it('keeps restrictions on local wall-clock time in New York across its own change (follow the sun, no overlap, gaps found)', () => {
    const r = rotation({
      layers: [
        { name: 'americas', start: '2026-10-26', handoff: '09:00', shift: 'weekly', timeZone: 'America/New_York', members: ['ann'], restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] },
        { name: 'europe', start: '2026-10-26', handoff: '09:00', shift: 'weekly', members: ['bob'], restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '14:00' }] },
      ],
    });
    // Friday 30 Oct (EDT, UTC-4) and Monday 2 Nov (EST, UTC-5): 09:00 local both days.
    const fri = shiftsBetween(r, [], t('2026-10-30T00:00:00Z'), t('2026-10-31T00:00:00Z'));
    expect(fri.map((s) => [iso(s.start), iso(s.end), s.layer])).toEqual([
      ['2026-10-30T08:00:00.000Z', '2026-10-30T13:00:00.000Z', 'europe'],
      ['2026-10-30T13:00:00.000Z', '2026-10-30T21:00:00.000Z', 'americas'],
    ]);
    const mon = shiftsBetween(r, [], t('2026-11-02T00:00:00Z'), t('2026-11-03T00:00:00Z'));
    expect(mon.map((s) => [iso(s.start), iso(s.end), s.layer])).toEqual([
      ['2026-11-02T08:00:00.000Z', '2026-11-02T13:00:00.000Z', 'europe'],
      ['2026-11-02T14:00:00.000Z', '2026-11-02T22:00:00.000Z', 'americas'],
    ]);
    expect(gapsIn(mon, t('2026-11-02T00:00:00Z'), t('2026-11-03T00:00:00Z')).map((g) => [iso(g.start), iso(g.end)])).toEqual([
      ['2026-11-02T00:00:00.000Z', '2026-11-02T08:00:00.000Z'],
      ['2026-11-02T13:00:00.000Z', '2026-11-02T14:00:00.000Z'],
      ['2026-11-02T22:00:00.000Z', '2026-11-03T00:00:00.000Z'],
    ]);
  });

  it('puts an override on top: covering one person, or whoever is on call (gaps included)', () => {
    const r = rotation({
      layers: [{ name: 'primary', start: '2026-12-01', shift: 'daily', members: ['ann', 'bob'] }],
      overrides: [{ user: 'cy', covers: 'bob', from: '2026-12-01T00:00:00Z', to: '2026-12-03T00:00:00Z' }],
    });
    expect(who(r, '2026-12-01T12:00:00Z')).toBe('user:default/ann');
    expect(who(r, '2026-12-02T12:00:00Z')).toBe('user:default/cy');
    expect(who(r, '2026-12-02T23:59:00Z')).toBe('user:default/cy');
    expect(who(r, '2026-12-03T01:00:00Z')).toBe('user:default/bob');
    const api = [{ user: 'user:default/dee', covers: null, from: '2026-11-30T00:00:00Z', to: '2026-12-01T10:00:00Z', by: 'alice' }];
    expect(onCallAt(r, api, t('2026-11-30T05:00:00Z'))).toMatchObject({ user: 'user:default/dee', override: { covers: null, by: 'alice' } });
    expect(onCallAt(r, api, t('2026-12-01T09:30:00Z'))?.user).toBe('user:default/dee');
    expect(onCallAt(r, api, t('2026-12-01T10:00:00Z'))?.user).toBe('user:default/ann');
  });

  it('cuts custom shifts of 12 hours by the clock, not the wall', () => {
    const r = rotation({ layers: [{ name: 'halves', start: '2026-03-28', handoff: '20:00', shift: { hours: 12 }, members: ['ann', 'bob'] }] });
    const shifts = shiftsBetween(r, [], t('2026-03-28T00:00:00Z'), t('2026-03-30T00:00:00Z'));
    expect(shifts.every((s) => s.end - s.start === 12 * 3_600_000)).toBe(true);
    expect(iso(shifts[2]!.start)).toBe('2026-03-29T19:00:00.000Z'); // 21:00 CEST: twelve hours are twelve hours
  });
});

describe('a Rotation document', () => {
  it('is refused naming file, document and field: bad time zone, two primaries, bad shift, overlapping overrides', () => {
    const r = parseRotation(
      doc({
        timeZone: 'Mars/Olympus',
        layers: [
          { name: 'a', start: '2026-12-01', members: ['ann'], restrictions: [{ from: '08:00', to: '18:00' }], timeZone: 'Europe/Paris' },
          { name: 'b', start: '2026-12-01', members: ['bob'], restrictions: [{ from: '17:00', to: '09:00' }], timeZone: 'Europe/Paris' },
        ],
      }),
      { file: 'rotations.yaml', doc: 2 },
    );
    expect(r.problems.map(formatProblem)).toEqual(['rotations.yaml (document 3): spec.timeZone: unknown time zone "Mars/Olympus": use an IANA name such as Europe/Berlin']);
    const two = parseRotation(doc({ layers: [{ name: 'a', start: '2026-12-01', members: ['ann'], restrictions: [{ from: '08:00', to: '18:00' }] }, { name: 'b', start: '2026-12-01', members: ['bob'], restrictions: [{ from: '17:00', to: '09:00' }] }] }), { file: 'r.yaml', doc: 0 });
    expect(two.problems.map(formatProblem)).toEqual([expect.stringMatching(/^r\.yaml: spec\.layers\[1\]\.restrictions: layer b is on call at the same time as layer a \(from 2026-12-0\dT16:00:00\.000Z\), which would make two primaries/)]);
    expect(two.rotation).toBeUndefined();
    const shift = parseRotation(doc({ layers: [{ name: 'a', start: '2026-12-01', members: ['ann'], shift: 'fortnightly' }] }), { file: 'r.yaml' });
    expect(shift.problems.map(formatProblem)).toEqual(["r.yaml: spec.layers[0].shift: shift is 'daily', 'weekly', { days: N } or { hours: N }"]);
    const overlap = parseRotation(doc({ layers: [{ name: 'a', start: '2026-12-01', members: ['ann'] }], overrides: [{ user: 'bob', from: '2026-12-02T00:00:00Z', to: '2026-12-03T00:00:00Z' }, { user: 'cy', from: '2026-12-02T12:00:00+01:00', to: '2026-12-04T00:00:00Z' }] }), { file: 'r.yaml' });
    expect(overlap.problems.map(formatProblem)).toEqual(['r.yaml: spec.overrides[1]: overlaps spec.overrides[0] (2026-12-02T00:00:00.000Z – 2026-12-03T00:00:00.000Z)']);
  });

  it('is checked against the catalog: unknown users, team and rotations named where they are', () => {
    const a = rotation({ layers: [{ name: 'a', start: '2026-12-01', members: ['ann', 'ghost'] }], escalation: { levels: [{ notify: ['oncall'], afterMinutes: 5 }, { notify: ['rotation:nope', 'lead'] }] } });
    const problems = checkRotationSet([{ rotation: a, at: { file: 'r.yaml', doc: 1 } }], { users: new Set(['user:default/ann']), groups: new Set(['group:default/team-payments']) });
    expect(problems.map(formatProblem)).toEqual([
      'r.yaml (document 2): spec.layers[0].members[1]: unknown user user:default/ghost: no such User in the catalog',
      'r.yaml (document 2): spec.escalation.levels[1].notify[0]: unknown rotation nope',
      'r.yaml (document 2): spec.escalation.levels[1].notify[1]: unknown user user:default/lead: no such User in the catalog',
    ]);
  });
});
