import { describe, expect, it } from 'vitest';
import { parseRotation, type Rotation } from '../rotation/document.ts';
import type { PageRow } from '../tables.ts';
import { rotationCheck, rotationCheckSchema } from './check.ts';
import type { OncallFacts } from './context.ts';
import { rotationHealth, rotationLoad } from './facts.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
function rot(name: string, members: string[], extra: Record<string, unknown> = {}): Rotation {
  const r = parseRotation({ apiVersion: 'tally.dev/v1', kind: 'Rotation', metadata: { name }, spec: { owner: 'team', timeZone: 'Europe/London', layers: [{ name: 'l', start: '2026-11-02', shift: 'daily', members, ...extra }] } });
  expect(r.problems).toEqual([]);
  return r.rotation!;
}
const judge = (config: Record<string, unknown>, f: OncallFacts) => rotationCheck.evaluate(rotationCheckSchema.parse({ type: 'rotation', ...config }), { data: { oncall: f } } as never, undefined, {} as never, {} as never);
const page = (over: Partial<PageRow>): PageRow => ({
  id: Math.random().toString(36), number: 1, dedup_key: 'k', origin: 'alertmanager', title: 'Disk full', details: '', service: null, rotation: 'four', status: 'resolved', open: 0, level: 0, round: 0,
  assignees: '["user:default/a"]', labels: '{}', previous_ref: null, triggered_at: '2026-11-30T03:00:00.000Z', acknowledged_at: '2026-11-30T03:04:00.000Z', acknowledged_by: 'a', resolved_at: null, resolved_by: null, escalations: 0, off_hours: 1, incident_key: null, ...over,
});

describe('the rotation check', () => {
  const four = rot('four', ['a', 'b', 'c', 'd']);
  const six = rot('six', ['e', 'f', 'g', 'h', 'i', 'j']);
  const gappy = rot('gappy', ['a', 'k'], { restrictions: [{ from: '09:00', to: '17:00' }] });
  const all = [four, six, gappy].map((rotation) => ({ rotation, overrides: [] }));
  const facts = (r: Rotation, pages: PageRow[] = []): OncallFacts => ({ rotation: r.name, health: rotationHealth(r, [], all, NOW), load: rotationLoad(r, [], pages, NOW, 30) });

  it('fails a rotation of four on size and fairness, passes one of six', () => {
    expect(judge({ people: { min: 6 } }, facts(four))).toMatchObject({ state: 'fail', message: 'four has only 4 people on call (at least 6): each is on call more than one week in 6' });
    expect(judge({ people: {} }, facts(six))).toMatchObject({ state: 'pass' });
    expect(judge({ fairShifts: { maxPerPerson: 5 } }, facts(four))).toMatchObject({ state: 'fail', message: 'b has 8, a has 7, c has 7, d has 7 shifts in the next 28 days (at most 5)' }); // today's shift counts too
    expect(judge({ fairShifts: { maxPerPerson: 5 } }, facts(six))).toMatchObject({ state: 'pass' });
  });

  it('finds gaps and people on two rotations at once', () => {
    const gaps = judge({ coverage: {} }, facts(gappy));
    expect(gaps).toMatchObject({ state: 'fail', message: 'gappy leaves 448 h uncovered in the next 28 days (28 gap(s))' });
    expect(judge({ coverage: {} }, facts(six))).toMatchObject({ state: 'pass' });
    const both = judge({ exclusive: {} }, facts(gappy));
    expect(both).toMatchObject({ state: 'fail', message: 'a on call on two rotations at once' });
    expect(judge({ exclusive: {} }, facts(six))).toMatchObject({ state: 'pass' });
  });

  it('judges the last 30 days: off-hours pages, pages per shift, shift-start ACK rate', () => {
    const pages = [page({}), page({ off_hours: 0 }), page({ title: 'CPU high' }), page({ origin: 'shift-start', acknowledged_at: null }), page({ origin: 'shift-start' }), page({ triggered_at: '2026-10-01T00:00:00.000Z' })];
    const f = facts(four, pages);
    expect(f.load).toMatchObject({ pages: 3, offHoursPages: 2, medianMinutesToAck: 4, shiftStarts: 2, shiftStartAckRate: 0.5, noisiest: [{ title: 'Disk full', pages: 2 }, { title: 'CPU high', pages: 1 }] });
    expect(judge({ offHoursPages: { max: 1 } }, f)).toMatchObject({ state: 'fail', message: '2 off-hours pages in the last 30 days (at most 1)' });
    expect(judge({ shiftStartAck: {} }, f)).toMatchObject({ state: 'fail', message: 'only 50 % of 2 shift starts ACKed (at least 90 %)' });
    expect(judge({ pagesPerShift: { max: 1 } }, f)).toMatchObject({ state: 'pass', message: '0.1 pages per shift (at most 1)' });
    expect(judge({ shiftStartAck: {} }, facts(six))).toMatchObject({ state: 'n/a' });
  });

  it('fails a component no rotation pages for, and refuses a check with two rules', () => {
    expect(judge({ people: {} }, { rotation: null, health: null, load: null })).toMatchObject({ state: 'fail' });
    expect(rotationCheckSchema.safeParse({ type: 'rotation', people: {}, coverage: {} }).success).toBe(false);
  });
});
