// The `errors` check type: one rule per requirement, judged from the `errors` context provider.
//   { type: errors, receives: { withinDays: 7 } }       error tracking is set up and receives events
//   { type: errors, newIssues: { max: 3 } }             unresolved issues first seen in the last 7 days
//   { type: errors, regressions: { max: 0 } }           issues that came back in the last 30 days
//   { type: errors, eventsPerMinute: { max: 100 } }     the busiest minute of the last 24 hours
import { z } from 'zod';
import { factCheck, type CheckType, type Outcome } from '../../checks/index.ts';
import type { ErrorFacts } from './context.ts';

const DAY_MS = 86_400_000;

export const errorsCheckSchema = z
  .strictObject({
    type: z.literal('errors'),
    receives: z.strictObject({ withinDays: z.number().int().min(1).max(365).default(7) }).optional(),
    newIssues: z.strictObject({ max: z.number().int().min(0) }).optional(),
    regressions: z.strictObject({ max: z.number().int().min(0).default(0) }).optional(),
    eventsPerMinute: z.strictObject({ max: z.number().int().min(1) }).optional(),
    message: z.string().max(500).optional(),
  })
  .refine((c) => [c.receives, c.newIssues, c.regressions, c.eventsPerMinute].filter(Boolean).length === 1, { message: 'give exactly one of receives, newIssues, regressions, eventsPerMinute' });
export type ErrorsCheckConfig = z.infer<typeof errorsCheckSchema>;

const issueLink = (id: string) => `/errors/issues/${id}`;

function receives(days: number, f: ErrorFacts, now: Date): Outcome {
  if (f.projects === 0) return { state: 'fail', message: 'no error tracking: the service has no Sentry project (annotation tally.dev/sentry-project)', evidence: { projects: 0 } };
  if (!f.lastEventAt) return { state: 'fail', message: 'error tracking is set up but has never received an event', evidence: { projects: f.projects, lastEventAt: null } };
  const ago = Math.floor((now.getTime() - Date.parse(f.lastEventAt)) / DAY_MS);
  const evidence = { projects: f.projects, lastEventAt: f.lastEventAt, daysSinceLastEvent: ago };
  return ago <= days ? { state: 'pass', message: `error tracking receives events (last ${ago === 0 ? 'today' : `${ago} days ago`})`, evidence } : { state: 'fail', message: `no error event for ${ago} days (at most ${days})`, evidence };
}

function newIssues(max: number, f: ErrorFacts): Outcome {
  const objects = f.newest.map((i) => ({ kind: 'url' as const, label: `${i.title} (first seen ${i.firstSeen})`, url: issueLink(i.id) }));
  const evidence = { newIssues: f.newIssues, objects };
  return f.newIssues <= max ? { state: 'pass', message: `${f.newIssues} new unresolved issue(s) in the last 7 days (at most ${max})`, evidence } : { state: 'fail', message: `${f.newIssues} new unresolved issues in the last 7 days, over ${max}`, evidence };
}

function regressions(max: number, f: ErrorFacts): Outcome {
  const objects = f.regressed.map((i) => ({ kind: 'url' as const, label: `${i.title} (regressed ${i.regressedAt})`, url: issueLink(i.id) }));
  const evidence = { regressions: f.regressions, objects };
  return f.regressions <= max ? { state: 'pass', message: `${f.regressions} regression(s) in the last 30 days (at most ${max})`, evidence } : { state: 'fail', message: `${f.regressions} resolved issue(s) came back in the last 30 days`, evidence };
}

function perMinute(max: number, f: ErrorFacts): Outcome {
  const evidence = { peakEventsPerMinute: f.peakEventsPerMinute };
  return f.peakEventsPerMinute <= max ? { state: 'pass', message: `at most ${f.peakEventsPerMinute} events in a minute over the last 24 hours (limit ${max})`, evidence } : { state: 'fail', message: `${f.peakEventsPerMinute} events in one minute over the last 24 hours, over ${max}`, evidence };
}

const NONE: ErrorFacts = { projects: 0, lastEventAt: null, newIssues: 0, newest: [], regressions: 0, regressed: [], peakEventsPerMinute: 0 };

export const errorsCheck: CheckType<ErrorsCheckConfig> = factCheck('errors', errorsCheckSchema as unknown as z.ZodType<ErrorsCheckConfig>, 'errors', (config, facts: ErrorFacts | undefined, ctx) => {
  const f = facts ?? NONE;
  return config.receives
    ? receives(config.receives.withinDays, f, ctx.now)
    : config.newIssues
      ? newIssues(config.newIssues.max, f)
      : config.regressions
        ? regressions(config.regressions.max, f)
        : perMinute(config.eventsPerMinute!.max, f);
});
