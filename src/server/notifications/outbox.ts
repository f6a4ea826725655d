// Enqueuing notifications: which events a grade change makes, where each goes (the owner
// Group's annotations, else the defaults; entered-f also to SRE), and one outbox row per
// (event, target) under an idempotency key, so repeating an enqueue never duplicates.
import { randomUUID } from 'node:crypto';
import { compareGrades, isGrade, type Grade } from '../../common/grades.ts';
import { shortRef } from '../../common/refs.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import type { NotificationEvent } from './format.ts';
import { enqueueRows, expiringWaivers, ownerAnnotations } from './repository.ts';
import type { DeliveryTarget } from './send.ts';

export const SLACK_ANNOTATION = 'tally.dev/slack-webhook';
export const WEBHOOK_ANNOTATION = 'tally.dev/webhook-url';
const WEEK_MS = 7 * 86_400_000;

type Side = { grade: string | null; score: number | null } | null;
/** `from`/`to` (or the scorecard history's `before`/`after`); `at` is the new interval's valid_from. */
export interface GradeChange {
  scorecard: string;
  entity: string;
  from?: Side;
  to?: Side;
  before?: Side;
  after?: Side;
  at: Date | string;
}

type Targets = Omit<DeliveryTarget, 'secret'>[];

/** The team's own channels, or the configured defaults when the Group names none. */
export function teamTargets(config: Config, annotations: Record<string, string>): Targets {
  const n = config.notifications;
  const slack = annotations[SLACK_ANNOTATION] ?? n.defaultSlackWebhook;
  const hook = annotations[WEBHOOK_ANNOTATION] ?? n.defaultWebhook;
  return [...(slack ? [{ kind: 'slack' as const, url: slack }] : []), ...(hook ? [{ kind: 'webhook' as const, url: hook }] : [])];
}

export function sreTargets(config: Config): Targets {
  const n = config.notifications;
  return [...(n.sreSlackWebhook ? [{ kind: 'slack' as const, url: n.sreSlackWebhook }] : []), ...(n.sreWebhook ? [{ kind: 'webhook' as const, url: n.sreWebhook }] : [])];
}

/** grade-up, grade-down, or entered-f (instead of grade-down when the new grade is F). Ungraded sides make no event. */
export function gradeEventType(from: Grade | null, to: Grade | null): NotificationEvent['type'] | null {
  if (to === null) return null;
  if (to === 'F' && from !== 'F') return 'entered-f';
  if (from === null) return null;
  const c = compareGrades(to, from);
  return c < 0 ? 'grade-up' : c > 0 ? 'grade-down' : null;
}

function rowsFor(event: NotificationEvent & { id: string }, targets: Targets, now: string) {
  const seen = new Set<string>();
  return targets
    .filter((t) => !seen.has(`${t.kind}|${t.url}`) && seen.add(`${t.kind}|${t.url}`))
    .map((t) => ({
      id: randomUUID(), idempotency_key: `${event.id}|${t.kind}|${t.url}`, event: JSON.stringify(event), target_kind: t.kind, target_url: t.url,
      status: 'pending', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_until: null, last_error: null, last_status: null, created_at: now, delivered_at: null,
    }));
}

/**
 * For the evaluation: call after persisting grade changes. Enqueues grade-up / grade-down /
 * entered-f notifications; the idempotency key is (type, scorecard, entity, to-grade, at), so
 * calling again for the same change adds nothing. Returns the number of new outbox rows.
 */
export async function enqueueGradeChanges(db: Db, config: Config, changes: GradeChange[], now = new Date()): Promise<number> {
  const owners = await ownerAnnotations(db, [...new Set(changes.map((c) => c.entity))]);
  const rows = [];
  for (const raw of changes) {
    const c = { ...raw, from: raw.from ?? raw.before ?? null, to: raw.to ?? raw.after ?? { grade: null, score: null }, at: new Date(raw.at) };
    const from = isGrade(c.from?.grade) ? c.from.grade : null;
    const to = isGrade(c.to?.grade) ? c.to.grade : null;
    const type = gradeEventType(from, to);
    if (!type || !c.to) continue;
    const o = owners.get(c.entity);
    const id = `${type}|${c.scorecard}|${c.entity}|${to}|${c.at.toISOString()}`;
    const event = {
      type, id, occurredAt: c.at.toISOString(), entity: c.entity, team: o?.owner ?? undefined, from, to, score: c.to.score ?? undefined,
      details: `${shortRef(c.entity)} on ${c.scorecard}: ${from ?? 'ungraded'} → ${to}${c.to.score !== null ? ` (score ${c.to.score.toFixed(1)})` : ''}.`,
      url: `${config.server.publicUrl.replace(/\/$/, '')}/entities/${encodeURIComponent(c.entity)}`,
    };
    const targets = [...teamTargets(config, o?.annotations ?? {}), ...(type === 'entered-f' ? sreTargets(config) : [])];
    rows.push(...rowsFor(event, targets, now.toISOString()));
  }
  return enqueueRows(db, rows);
}

/** Job: a notification for every approved waiver expiring within 7 days (once per waiver and expiry). */
export async function notifyWaiversExpiring(db: Db, config: Config, now: Date): Promise<number> {
  const waivers = await expiringWaivers(db, now.toISOString(), new Date(now.getTime() + WEEK_MS).toISOString());
  const owners = await ownerAnnotations(db, [...new Set(waivers.map((w) => w.entity))]);
  const rows = waivers.flatMap((w) => {
    const o = owners.get(w.entity);
    const event = {
      type: 'waiver-expiring' as const, id: `waiver-expiring|${w.id}|${w.expires_at}`, occurredAt: now.toISOString(), entity: w.entity, team: o?.owner ?? undefined,
      details: `The waiver for ${w.requirement} on ${w.scorecard} expires ${w.expires_at}: fix the requirement or ask for a new waiver.`,
    };
    return rowsFor(event, teamTargets(config, o?.annotations ?? {}), now.toISOString());
  });
  return enqueueRows(db, rows);
}

/** HackDay results to the default channels and SRE (once per HackDay and end). */
export async function enqueueHackdayResults(db: Db, config: Config, h: { name: string; title: string | null; end: string; summary: string }, now: Date): Promise<number> {
  const event = { type: 'hackday-results' as const, id: `hackday-results|${h.name}|${h.end}`, occurredAt: h.end, details: `${h.title ?? h.name}: ${h.summary}`, url: `${config.server.publicUrl.replace(/\/$/, '')}/hackdays/${h.name}` };
  return enqueueRows(db, rowsFor(event, [...teamTargets(config, {}), ...sreTargets(config)], now.toISOString()));
}
