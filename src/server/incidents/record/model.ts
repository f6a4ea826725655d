// The incident's rules, pure: minute-precise times and what may be set when, the durations
// computed from them (never typed), and the lifecycle's transitions with what each needs.
// Services (declare.ts, edit.ts) load the record, ask these, and write.
import { ACTIVE_STATES, type IncidentState } from '../../../common/api/incidents.ts';
import { problem, type Problem } from '../../platform/problems.ts';

const MINUTE = 60_000;
/** Clocks disagree a little: a time up to a minute ahead of the server's is not "in the future". */
const SKEW_MS = MINUTE;

/** Incident times are kept to the minute: seconds would claim a precision nobody has. */
export function toMinute(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (((t % MINUTE) + MINUTE) % MINUTE)).toISOString();
}

export const phaseOf = (state: IncidentState): number => (state === 'closed' ? 2 : state === 'resolved' ? 1 : 0);
export const isActive = (state: string): boolean => (ACTIVE_STATES as readonly string[]).includes(state);

export interface Times {
  impactStartedAt: string | null;
  detectedAt: string;
  declaredAt: string;
  mitigatedAt: string | null;
  resolvedAt: string | null;
}

/**
 * Problems with a set of times, each naming its field (`body.<field>`): none in the future; the
 * impact cannot start after it was mitigated or resolved; detection cannot follow the declaration;
 * mitigation cannot follow resolution.
 */
export function timeProblems(t: Times, now: Date, fields: ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  const at = (field: string) => ({ field: `body.${field}` });
  const limit = now.getTime() + SKEW_MS;
  for (const field of ['impactStartedAt', 'detectedAt', 'mitigatedAt'] as const) {
    const v = t[field];
    if (v && fields.has(field) && Date.parse(v) > limit) out.push(problem(`${v} is in the future (server time ${now.toISOString()})`, at(field)));
  }
  const before = (a: string | null, b: string | null) => a !== null && b !== null && Date.parse(a) > Date.parse(b);
  if (before(t.impactStartedAt, t.resolvedAt)) out.push(problem(`is after resolvedAt (${t.resolvedAt})`, at('impactStartedAt')));
  else if (before(t.impactStartedAt, t.mitigatedAt)) out.push(problem(`is after mitigatedAt (${t.mitigatedAt})`, at('impactStartedAt')));
  if (before(t.detectedAt, t.declaredAt)) out.push(problem(`is after declaredAt (${t.declaredAt}): an incident is declared once it is detected`, at('detectedAt')));
  if (before(t.mitigatedAt, t.resolvedAt)) out.push(problem(`is after resolvedAt (${t.resolvedAt})`, at('mitigatedAt')));
  return out;
}

const minutesBetween = (a: string | null, b: string | null): number | null => (a && b ? Math.max(0, Math.floor((Date.parse(b) - Date.parse(a)) / MINUTE)) : null);

/** Time to detect, mitigate and resolve, from the impact's start; elapsed until resolved (or now). */
export function durations(t: Times, now: Date) {
  const start = t.impactStartedAt ?? t.detectedAt;
  return {
    toDetectMinutes: minutesBetween(t.impactStartedAt, t.detectedAt),
    toMitigateMinutes: minutesBetween(t.impactStartedAt, t.mitigatedAt),
    toResolveMinutes: minutesBetween(t.impactStartedAt, t.resolvedAt),
    elapsedMinutes: minutesBetween(start, t.resolvedAt ?? now.toISOString()) ?? 0,
  };
}

export interface TransitionFacts {
  from: IncidentState;
  to: IncidentState;
  hasImpact: boolean;
  hasImpactStart: boolean;
  hasConfirmation: boolean;
  /** Closing: what is still missing (postmortem, follow-ups, drill outcome), from the caller. */
  closeBlockers: readonly string[];
}

/** What keeps this transition from happening, in words a user acts on; empty when it may. */
export function transitionBlockers(f: TransitionFacts): string[] {
  if (f.from === 'closed') return ['the incident is closed; closed is final'];
  if (f.from === f.to) return [`the incident is already ${f.to}`];
  if (f.to === 'closed') return f.from === 'resolved' ? [...f.closeBlockers] : ['only a resolved incident can be closed'];
  const out: string[] = [];
  const fixing = f.to === 'mitigating' || f.to === 'monitoring' || f.to === 'resolved';
  if (fixing && !f.hasImpact) out.push('an impact assessment (how many users, how broken): assess the impact before marking a fix');
  if (f.to === 'resolved') {
    if (!f.hasImpactStart) out.push('impactStartedAt: when users were first hurt');
    if (!f.hasConfirmation) out.push('confirmation: who confirmed that user impact is gone, and how (metric, status-page or customer-report)');
  }
  return out;
}
