// Small value helpers shared by the change ingest paths.
import { DateTime } from 'luxon';

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * Reads the timestamps senders actually send: ISO-8601 with or without a colon in the offset
 * (`2015-07-17T08:42:58.315+0000`, PagerDuty's own example), a bare date-time (taken as UTC),
 * or epoch seconds / milliseconds as a number. Returns ISO-8601 UTC, or undefined.
 */
export function parseTimestamp(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const ms = value < 1e11 ? value * 1000 : value;
    return new Date(ms).toISOString();
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return parseTimestamp(Number(s));
  const dt = DateTime.fromISO(s.replace(' ', 'T'), { zone: 'utc', setZone: true });
  return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined : undefined;
}
