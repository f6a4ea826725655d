// iCalendar feeds (RFC 5545) of shifts: one event per shift, times in UTC, a stable UID per
// (rotation, layer, start) so calendar apps update rather than duplicate. ical-generator writes
// the text (escaping, line folding).
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { CatalogSnapshot } from '../../catalog/index.ts';
import { personOf } from '../people.ts';
import type { Segment } from './schedule.ts';

export interface CalendarShift extends Segment {
  rotation: string;
  rotationTitle: string | null;
}

export function shiftsCalendar(name: string, shifts: readonly CalendarShift[], catalog: CatalogSnapshot | undefined, now: Date, baseUrl: string): string {
  const cal = ical({ name, prodId: { company: 'Tally', product: 'on-call', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, ttl: 3600 });
  for (const s of shifts) {
    const person = personOf(catalog, s.user);
    const rotation = s.rotationTitle ?? s.rotation;
    cal.createEvent({
      id: `${s.rotation}/${s.layer}/${new Date(s.start).toISOString()}@tally`,
      start: new Date(s.start),
      end: new Date(s.end),
      stamp: now,
      summary: `On call: ${person.name} (${rotation})`,
      description: `${person.name} is on call for ${rotation}, layer ${s.layer}${s.override ? `, by override${s.override.covers ? ` covering ${personOf(catalog, s.override.covers).name}` : ''}` : ''}.`,
      url: `${baseUrl.replace(/\/+$/, '')}/oncall/rotations/${s.rotation}`,
    });
  }
  return cal.toString();
}
