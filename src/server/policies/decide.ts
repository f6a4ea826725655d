// "May I deploy now?" — the decision a CI/CD pipeline asks for, with a reason a person can read
// and the rule that decided it. Pure: the caller passes the grade and the clock.
import { DateTime } from 'luxon';
import type { Grade } from '../../common/grades.ts';
import { formatClock, formatDays } from './clock.ts';
import type { DeployRule, Freeze, Policy } from './document.ts';
import { describeWindow } from './policy-checks.ts';
import { activeFreeze, isWithinWindows, nextWindowStart } from './windows.ts';

export interface BreakGlassOverride {
  id: string;
  by: string;
  reason: string;
  expiresAt: Date | string;
}

export interface DeployDecision {
  allowed: boolean;
  /** The service's grade as given (null: ungraded). */
  grade: Grade | null;
  reason: string;
  /** Short machine-friendly name of the deciding rule, e.g. `grade B: mon-fri 06:00-22:00 Europe/Amsterdam`. */
  rule: string;
  /** ISO instant when deploys open next; null when allowed now or when nothing opens within a year. */
  nextWindowStart: string | null;
  policy: string;
}

/** Local time with the UTC time beside it: `Tue 2026-11-24 10:00 (09:00Z)`. */
export function formatInstant(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  const utc = DateTime.fromJSDate(at, { zone: 'UTC' });
  const utcText = utc.toISODate() === local.toISODate() ? utc.toFormat("HH:mm'Z'") : utc.toFormat("yyyy-MM-dd HH:mm'Z'");
  return `${local.toFormat('ccc yyyy-MM-dd HH:mm')} (${utcText})`;
}

function ruleText(rule: DeployRule, zone: string): string {
  if (typeof rule === 'string') return rule;
  return `${rule.windows.map(describeWindow).join(', ')} ${zone}`;
}

function humanWindows(rule: DeployRule, zone: string): string {
  if (rule === 'always') return 'at any time';
  if (rule === 'never') return 'never';
  return `${rule.windows.map((w) => `${formatDays(w.days, 'display')} ${formatClock(w.from)}–${formatClock(w.to)}`).join('; ')} ${zone}`;
}

function nextText(next: Date | null, zone: string): string {
  return next ? `next window opens ${formatInstant(next, zone)}` : 'no window opens within a year';
}

/** The grade whose rules apply: the service's own, or the policy's `ungraded` letter. */
export function effectiveGrade(policy: Policy, grade: Grade | null): Grade | null {
  if (grade !== null) return grade;
  return policy.ungraded === 'allow' || policy.ungraded === 'deny' ? null : policy.ungraded;
}

export function decideDeploy(policy: Policy, input: { grade: Grade | null; at: Date; override?: BreakGlassOverride }): DeployDecision {
  const { grade, at } = input;
  const zone = policy.timeZone;
  const base = { grade, policy: policy.name };
  const o = input.override;
  const expires = o ? new Date(o.expiresAt) : null;
  if (o && expires && expires > at) {
    const reason = `Break-glass override ${o.id} by ${o.by}: ${o.reason} (expires ${formatInstant(expires, zone)}).`;
    return { ...base, allowed: true, reason, rule: 'break-glass override', nextWindowStart: null };
  }
  const note = o && expires ? ` Override ${o.id} expired ${formatInstant(expires, zone)}.` : '';
  if (grade === null && policy.ungraded === 'deny') {
    const reason = `The service has no grade yet and policy ${policy.name} refuses deploys of ungraded services.${note}`;
    return { ...base, allowed: false, reason, rule: 'ungraded: deny', nextWindowStart: null };
  }
  const eff = effectiveGrade(policy, grade);
  const rule: DeployRule = eff === null ? 'always' : policy.grades[eff].deploy;
  const who = grade !== null ? `Grade ${grade}` : eff !== null ? `The service has no grade yet and is treated as ${eff}; grade ${eff}` : 'Ungraded services (allowed by policy)';
  const ruleName = grade !== null ? `grade ${grade}` : eff !== null ? `ungraded as ${eff}` : 'ungraded: allow';
  const freeze = activeFreeze(policy.freezes, eff, at, zone);
  if (freeze) return frozen(policy, freeze, rule, eff, at, base, note);
  if (rule === 'never') {
    const reason = `${who} may not deploy; raise the grade to deploy again.${note}`;
    return { ...base, allowed: false, reason, rule: `${ruleName}: never`, nextWindowStart: null };
  }
  const fullRule = `${ruleName}: ${ruleText(rule, zone)}`;
  if (isWithinWindows(rule, at, zone)) {
    const when = rule === 'always' ? 'deploys at any time' : `deploys ${humanWindows(rule, zone)}; the window is open now`;
    return { ...base, allowed: true, reason: `${who} ${when}.${note}`, rule: fullRule, nextWindowStart: null };
  }
  const next = nextWindowStart(rule, policy.freezes, eff, at, zone);
  const reason = `${who} deploys ${humanWindows(rule, zone)}; ${nextText(next, zone)}.${note}`;
  return { ...base, allowed: false, reason, rule: fullRule, nextWindowStart: next?.toISOString() ?? null };
}

function frozen(policy: Policy, f: Freeze, rule: DeployRule, eff: Grade | null, at: Date, base: { grade: Grade | null; policy: string }, note: string): DeployDecision {
  const zone = policy.timeZone;
  const next = nextWindowStart(rule, policy.freezes, eff, at, zone);
  const exempt = f.exempt.length > 0 ? ` (exempt: ${f.exempt.join(', ')})` : '';
  const why = f.reason ? ` — ${f.reason}` : '';
  const reason = `Freeze ${f.name} is in effect from ${f.from} to ${f.to} inclusive, ${zone}${exempt}${why}; ${nextText(next, zone)}.${note}`;
  return { ...base, allowed: false, reason, rule: `freeze ${f.name}`, nextWindowStart: next?.toISOString() ?? null };
}
