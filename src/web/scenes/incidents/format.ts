// How incidents read on screen: durations, states, severities, impact in one line.
import type { IncidentView } from '../../api/incidents.ts';

export const canEdit = (role: string | undefined): boolean => role === 'editor' || role === 'admin';

/** 7 → "7 min", 135 → "2 h 15 min", 3000 → "2 d 2 h". */
export function minutes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 60) return `${n} min`;
  if (n < 24 * 60) return `${Math.floor(n / 60)} h${n % 60 ? ` ${n % 60} min` : ''}`;
  return `${Math.floor(n / 1440)} d${Math.floor((n % 1440) / 60) ? ` ${Math.floor((n % 1440) / 60)} h` : ''}`;
}

export const STATE_LABEL: Record<string, string> = {
  investigating: 'Investigating', identified: 'Identified', mitigating: 'Mitigating', monitoring: 'Monitoring', resolved: 'Resolved', closed: 'Closed',
};

/** `sev-1` … for the badge colour; anything past 4 looks like 4. */
export const severityClass = (level: string): string => `sev sev-${Math.min(4, Number(/\d+/.exec(level)?.[0] ?? 4))}`;

export function impactLine(i: IncidentView): string {
  if (!i.impact) return 'Impact not assessed yet';
  const users = i.impact.users.count !== undefined ? `${i.impact.users.count.toLocaleString()} users` : `${i.impact.users.percent}% of users`;
  return `${users} · ${i.impact.capabilities.map((c) => `${c.name} ${c.level.replace('-', ' ')}`).join(', ')}`;
}

export const shortRef = (ref: string): string => ref.replace(/^component:default\//, '').replace(/^[a-z]+:default\//, '');

/** `<input type="datetime-local">` value → RFC 3339 in the browser's zone (the server wants a zone). */
export function localToInstant(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** An instant → `<input type="datetime-local">` value in the browser's zone. */
export function instantToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
