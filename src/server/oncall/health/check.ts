// The `rotation` check type: the health of the rotation that pages for a component, one rule per
// requirement, judged purely from the `oncall` context provider. Offenders are named.
//   { type: rotation, people: { min: 6 } }                 at least 6 distinct people
//   { type: rotation, coverage: {} }                       no gaps in the next 28 days
//   { type: rotation, exclusive: {} }                      nobody also on call on another rotation at the same moment
//   { type: rotation, fairShifts: { maxPerPerson: 8 } }    at most 8 shifts per person in the next 28 days
//   { type: rotation, shiftStartAck: { minRate: 0.9 } }    shift-start pages ACKed (last 30 days)
//   { type: rotation, pagesPerShift: { max: 2 } }          alert pages per shift (last 30 days)
//   { type: rotation, offHoursPages: { max: 4 } }          off-hours pages (last 30 days)
import { z } from 'zod';
import { factCheck, type CheckType, type Outcome } from '../../checks/index.ts';
import type { OncallFacts } from './context.ts';

export const rotationCheckSchema = z
  .strictObject({
    type: z.literal('rotation'),
    people: z.strictObject({ min: z.number().int().min(1).max(100).default(6) }).optional(),
    coverage: z.strictObject({ maxGapHours: z.number().min(0).max(24 * 28).default(0) }).optional(),
    exclusive: z.strictObject({}).optional(),
    fairShifts: z.strictObject({ maxPerPerson: z.number().int().min(1).max(1000) }).optional(),
    shiftStartAck: z.strictObject({ minRate: z.number().min(0).max(1).default(0.9) }).optional(),
    pagesPerShift: z.strictObject({ max: z.number().min(0).max(1000) }).optional(),
    offHoursPages: z.strictObject({ max: z.number().int().min(0).max(10_000) }).optional(),
    message: z.string().max(500).optional(),
  })
  .refine((c) => [c.people, c.coverage, c.exclusive, c.fairShifts, c.shiftStartAck, c.pagesPerShift, c.offHoursPages].filter(Boolean).length === 1, {
    message: 'give exactly one of people, coverage, exclusive, fairShifts, shiftStartAck, pagesPerShift, offHoursPages',
  });
export type RotationCheckConfig = z.infer<typeof rotationCheckSchema>;

const short = (u: string) => u.replace(/^user:default\//, '');
const link = (r: string) => `/oncall/rotations/${r}`;

function judge(c: RotationCheckConfig, f: OncallFacts): Outcome {
  const h = f.health!;
  const l = f.load!;
  const r = f.rotation!;
  const obj = (label: string) => ({ kind: 'url', label, url: link(r) });
  if (c.people) {
    const evidence = { people: h.people, members: h.members.map(short), objects: [obj(`${r}: ${h.members.map(short).join(', ')}`)] };
    return h.people >= c.people.min ? { state: 'pass', message: `${r} has ${h.people} people (at least ${c.people.min})`, evidence } : { state: 'fail', message: `${r} has only ${h.people} people on call (at least ${c.people.min}): each is on call more than one week in ${c.people.min}`, evidence };
  }
  if (c.coverage) {
    const evidence = { gapHours: h.gapHours, gaps: h.gaps.slice(0, 20), objects: h.gaps.slice(0, 20).map((g) => obj(`nobody on call ${g.start} – ${g.end}`)) };
    return h.gapHours <= c.coverage.maxGapHours ? { state: 'pass', message: `${r} covers the next 28 days${h.gapHours ? ` but ${h.gapHours} h` : ' without a gap'}`, evidence } : { state: 'fail', message: `${r} leaves ${h.gapHours} h uncovered in the next 28 days (${h.gaps.length} gap(s))`, evidence };
  }
  if (c.exclusive) {
    const evidence = { doubleBooked: h.doubleBooked, objects: h.doubleBooked.map((d) => obj(`${short(d.user)} also on ${d.other} ${d.start} – ${d.end}`)) };
    return h.doubleBooked.length === 0 ? { state: 'pass', message: `nobody on ${r} is on call elsewhere at the same time`, evidence } : { state: 'fail', message: `${[...new Set(h.doubleBooked.map((d) => short(d.user)))].join(', ')} on call on two rotations at once`, evidence };
  }
  if (c.fairShifts) {
    const top = h.shiftsPerPerson[0];
    const over = h.shiftsPerPerson.filter((p) => p.shifts > c.fairShifts!.maxPerPerson);
    const evidence = { shiftsPerPerson: h.shiftsPerPerson.map((p) => ({ ...p, user: short(p.user) })), objects: over.map((p) => obj(`${short(p.user)}: ${p.shifts} shifts, ${p.hours} h`)) };
    return over.length === 0 ? { state: 'pass', message: `at most ${top?.shifts ?? 0} shifts per person in the next 28 days (limit ${c.fairShifts.maxPerPerson})`, evidence } : { state: 'fail', message: `${over.map((p) => `${short(p.user)} has ${p.shifts}`).join(', ')} shifts in the next 28 days (at most ${c.fairShifts.maxPerPerson})`, evidence };
  }
  if (c.shiftStartAck) {
    if (l.shiftStartAckRate === null) return { state: 'n/a', message: `no shift-start page on ${r} in the last ${l.windowDays} days` };
    const evidence = { rate: l.shiftStartAckRate, shiftStarts: l.shiftStarts, medianMinutesToAck: l.shiftStartMedianMinutesToAck };
    return l.shiftStartAckRate >= c.shiftStartAck.minRate ? { state: 'pass', message: `${Math.round(l.shiftStartAckRate * 100)} % of ${l.shiftStarts} shift starts ACKed`, evidence } : { state: 'fail', message: `only ${Math.round(l.shiftStartAckRate * 100)} % of ${l.shiftStarts} shift starts ACKed (at least ${Math.round(c.shiftStartAck.minRate * 100)} %)`, evidence };
  }
  if (c.pagesPerShift) {
    if (l.pagesPerShift === null) return { state: 'n/a', message: `no shift of ${r} ended in the last ${l.windowDays} days` };
    const evidence = { pagesPerShift: l.pagesPerShift, pages: l.pages, noisiest: l.noisiest, objects: l.noisiest.slice(0, 5).map((n) => obj(`${n.title}: ${n.pages} pages`)) };
    return l.pagesPerShift <= c.pagesPerShift.max ? { state: 'pass', message: `${l.pagesPerShift} pages per shift (at most ${c.pagesPerShift.max})`, evidence } : { state: 'fail', message: `${l.pagesPerShift} pages per shift over the last ${l.windowDays} days (at most ${c.pagesPerShift.max})`, evidence };
  }
  const o = c.offHoursPages!;
  const evidence = { offHoursPages: l.offHoursPages, perPerson: l.perPerson.filter((p) => p.offHours > 0).map((p) => ({ user: short(p.user), offHours: p.offHours })) };
  return l.offHoursPages <= o.max ? { state: 'pass', message: `${l.offHoursPages} off-hours pages in the last ${l.windowDays} days (at most ${o.max})`, evidence } : { state: 'fail', message: `${l.offHoursPages} off-hours pages in the last ${l.windowDays} days (at most ${o.max})`, evidence };
}

export const rotationCheck: CheckType<RotationCheckConfig> = factCheck('rotation', rotationCheckSchema as unknown as z.ZodType<RotationCheckConfig>, 'oncall', (config, f: OncallFacts | undefined) =>
  !f?.rotation || !f.health || !f.load
    ? { state: 'fail', message: 'no on-call rotation pages for this component (no tally.dev/rotation, no rotation lists it, none of its owner team)' }
    : judge(config, f),
);
