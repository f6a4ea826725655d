// The one reader of points in time that users send (facts, changes, HackDays, waivers, query
// parameters): RFC 3339 with a zone, or `Z`. A time without a zone would silently mean the
// server's local time, and an impossible date (2024-02-30) would silently roll over; both are
// refused, so a stored time is always the time that was meant.
import { z } from 'zod';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not. */
function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0): Date {
  const d = new Date(Date.UTC(2000, month, day, h, m, s));
  d.setUTCFullYear(year);
  return d;
}

/** The instant, or a reason it is not one. A date alone (2026-11-20) is its midnight UTC. */
export function parseInstant(text: string): { ok: true; date: Date } | { ok: false; reason: string } {
  const day = DATE_ONLY.exec(text.trim());
  if (day) {
    const date = utc(+day[1], +day[2] - 1, +day[3]);
    return date.getUTCMonth() === +day[2] - 1 && date.getUTCDate() === +day[3] ? { ok: true, date } : { ok: false, reason: `${text.trim()} is not a real date` };
  }
  const m = RFC3339.exec(text.trim());
  if (!m) {
    const hint = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text.trim()) ? ' (add a zone: Z or +01:00)' : '';
    return { ok: false, reason: `not an ISO-8601 time with a zone, like 2026-11-20T03:00:00Z${hint}` };
  }
  const [, y, mo, d, h, mi, s = '0'] = m;
  const fields = [+y, +mo - 1, +d, +h, +mi, +s];
  const check = utc(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
  if (check.getUTCFullYear() !== fields[0] || check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    return { ok: false, reason: `${y}-${mo}-${d} ${h}:${mi} is not a real date and time` };
  }
  const date = new Date(text.trim().replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? { ok: false, reason: 'not a valid time' } : { ok: true, date };
}

/** zod: an RFC 3339 instant (string, or a Date from YAML) → ISO-8601 UTC text. */
export const instantSchema = z.union([z.string().min(1).max(64), z.date()]).transform((v, ctx) => {
  if (v instanceof Date) {
    if (!Number.isNaN(v.getTime())) return v.toISOString();
    ctx.addIssue({ code: 'custom', message: 'not a valid time' });
    return z.NEVER;
  }
  const r = parseInstant(v);
  if (r.ok) return r.date.toISOString();
  ctx.addIssue({ code: 'custom', message: r.reason });
  return z.NEVER;
});

/** Where in a JSON value a number is not finite (1e400 parses as Infinity and would be stored as null). */
export function nonFiniteAt(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(the value)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = nonFiniteAt(value[i], `${path}[${i}]`);
      if (at) return at;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = nonFiniteAt(v, path ? `${path}.${k}` : k);
      if (at) return at;
    }
  }
  return undefined;
}
