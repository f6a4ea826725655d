// The `incidents` check type: one rule per requirement, judged purely from the `incidents`
// context provider (context.ts). Offending objects are named in `evidence.objects`.
//   { type: incidents, followUpsOverdue: { max: 0 } }
//   { type: incidents, postmortems: { severities: [SEV1, SEV2], graceDays: 5 } }
//   { type: incidents, drill: { kind: outage, maxDays: 180 } }
//   { type: incidents, timeToRestore: { window: 90d, maxMedian: 4h } }
import { z } from 'zod';
import { parseDuration } from '../../../common/duration.ts';
import { factCheck, type CheckType, type Outcome } from '../../checks/index.ts';
import type { IncidentFacts } from './context.ts';

const DAY_MS = 86_400_000;
const duration = z.string().refine((s) => parseDuration(s) !== undefined, 'a duration such as 90m, 4h or 30d');

export const incidentsCheckSchema = z
  .strictObject({
    type: z.literal('incidents'),
    followUpsOverdue: z.strictObject({ max: z.number().int().min(0).default(0) }).optional(),
    postmortems: z.strictObject({ severities: z.array(z.string().min(1)).min(1).default(['SEV1', 'SEV2']), graceDays: z.number().int().min(0).max(365).default(5) }).optional(),
    drill: z.strictObject({ kind: z.enum(['outage', 'hit-by-the-bus', 'restore', 'chat-down']).optional(), maxDays: z.number().int().min(1).max(3650) }).optional(),
    timeToRestore: z.strictObject({ window: duration.default('90d'), maxMedian: duration }).optional(),
    message: z.string().max(500).optional(),
  })
  .refine((c) => [c.followUpsOverdue, c.postmortems, c.drill, c.timeToRestore].filter(Boolean).length === 1, { message: 'give exactly one of followUpsOverdue, postmortems, drill, timeToRestore' });
export type IncidentsCheckConfig = z.infer<typeof incidentsCheckSchema>;

type Objects = { kind: 'url'; label: string; url?: string }[];
const incidentLink = (ref: string) => `/incidents/${ref.replace(/^INC-/, '')}`;

function followUps(max: number, f: IncidentFacts): Outcome {
  const objects: Objects = f.overdue.map((o) => ({ kind: 'url', label: `${o.kind} follow-up "${o.title}" (${o.owner}, due ${o.dueDate})`, ...(o.incident ? { url: `/incidents/${o.incident}` } : {}) }));
  const evidence = { overdueFollowUps: f.overdueFollowUps, objects };
  return f.overdueFollowUps <= max ? { state: 'pass', message: `${f.overdueFollowUps} overdue follow-ups (at most ${max})`, evidence } : { state: 'fail', message: `${f.overdueFollowUps} incident follow-ups are overdue`, evidence };
}

function postmortems(c: { severities: string[]; graceDays: number }, f: IncidentFacts, now: Date): Outcome {
  const levels = new Set(c.severities.map((s) => s.toUpperCase()));
  const cutoff = now.getTime() - c.graceDays * DAY_MS;
  const due = f.resolved.filter((r) => levels.has(r.severity.toUpperCase()) && Date.parse(r.resolvedAt) < cutoff);
  if (due.length === 0) return { state: 'n/a', message: `no ${[...levels].join('/')} incident resolved over ${c.graceDays} days ago in the last year` };
  const missing = due.filter((r) => r.postmortem !== 'published');
  const objects: Objects = missing.map((r) => ({ kind: 'url', label: `${r.ref} ${r.severity}: ${r.title} (postmortem ${r.postmortem})`, url: incidentLink(r.ref) }));
  if (missing.length === 0) return { state: 'pass', message: `all ${due.length} ${[...levels].join('/')} incident(s) resolved over ${c.graceDays} days ago have a published postmortem`, evidence: { objects } };
  return { state: 'fail', message: `${missing.length} ${[...levels].join('/')} incident(s) without a published postmortem: ${missing.map((m) => m.ref).join(', ')}`, evidence: { objects } };
}

function drill(c: { kind?: string; maxDays: number }, f: IncidentFacts, now: Date): Outcome {
  const times = Object.entries(f.lastDrill).filter(([k]) => !c.kind || k === c.kind).map(([, at]) => at).sort();
  const what = c.kind ? `${c.kind} drill` : 'drill';
  const last = times.at(-1);
  if (!last) return { state: 'fail', message: `no ${what} on record`, evidence: { daysSinceLastDrill: null } };
  const days = Math.floor((now.getTime() - Date.parse(last)) / DAY_MS);
  const evidence = { daysSinceLastDrill: days, lastDrillAt: last };
  return days <= c.maxDays ? { state: 'pass', message: `last ${what} ${days} days ago (at most ${c.maxDays})`, evidence } : { state: 'fail', message: `last ${what} ${days} days ago, over ${c.maxDays}`, evidence };
}

function timeToRestore(c: { window: string; maxMedian: string }, f: IncidentFacts, now: Date): Outcome {
  const since = now.getTime() - parseDuration(c.window)!;
  const minutes = f.resolved.filter((r) => Date.parse(r.resolvedAt) >= since && r.toRestoreMinutes !== null).map((r) => r.toRestoreMinutes!).sort((a, b) => a - b);
  if (minutes.length === 0) return { state: 'n/a', message: `no resolved incident in the last ${c.window}` };
  const mid = Math.floor(minutes.length / 2);
  const median = minutes.length % 2 ? minutes[mid] : (minutes[mid - 1] + minutes[mid]) / 2;
  const limit = parseDuration(c.maxMedian)! / 60_000;
  const evidence = { medianMinutes: median, incidents: minutes.length, window: c.window };
  return median <= limit ? { state: 'pass', message: `median time to restore ${median} min over ${minutes.length} incident(s) (at most ${c.maxMedian})`, evidence } : { state: 'fail', message: `median time to restore ${median} min, over ${c.maxMedian}`, evidence };
}

const NONE: IncidentFacts = { overdueFollowUps: 0, overdue: [], resolved: [], lastDrill: {} };

export const incidentsCheck: CheckType<IncidentsCheckConfig> = factCheck('incidents', incidentsCheckSchema as unknown as z.ZodType<IncidentsCheckConfig>, 'incidents', (config, facts: IncidentFacts | undefined, ctx) => {
  const f = facts ?? NONE;
  return config.followUpsOverdue
    ? followUps(config.followUpsOverdue.max, f)
    : config.postmortems
      ? postmortems(config.postmortems, f, ctx.now)
      : config.drill
        ? drill(config.drill, f, ctx.now)
        : timeToRestore(config.timeToRestore!, f, ctx.now);
});
