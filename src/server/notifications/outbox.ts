// Enqueuing notifications: which events a grade change makes, where each goes (the owner
// Group's annotations, else the defaults; entered-f also to SRE), and one outbox row per
// (event, target) under an idempotency key, so repeating an enqueue never duplicates.
import { randomUUID } from 'node:crypto';
import { compareGrades, isGrade, type Grade } from '../../common/grades.ts';
import { bestPath } from '../../common/links.ts';
import { shortRef } from '../../common/refs.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import type { NotificationEvent } from './format.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { consequenceOfF } from '../policies/index.ts';
import { waiversExpiring, type GradeChangedPayload } from '../scorecards/index.ts';
import { enqueueRows } from './repository.ts';
import type { DeliveryTarget } from './send.ts';

export const SLACK_ANNOTATION = 'tally.dev/slack-webhook';
export const WEBHOOK_ANNOTATION = 'tally.dev/webhook-url';
const WEEK_MS = 7 * 86_400_000;

/** Owner and the owner Group's annotations of each entity: where its team wants notifications. */
async function ownerAnnotations(db: Db, refs: readonly string[]): Promise<Map<string, { owner: string | null; annotations: Record<string, string> }>> {
  const catalog = await catalogSnapshot(db);
  const out = new Map<string, { owner: string | null; annotations: Record<string, string> }>();
  for (const ref of refs) {
    const owner = catalog.byRef.get(ref)?.owner ?? null;
    const group = owner ? catalog.byRef.get(owner) : undefined;
    out.set(ref, { owner, annotations: (group?.entity.metadata.annotations as Record<string, string> | undefined) ?? {} });
  }
  return out;
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
 * The `grade.changed` handler: grade-up / grade-down / entered-f notifications. The idempotency
 * key is (type, scorecard, entity, to-grade, at), so handling the same change again adds nothing.
 * Returns the number of new outbox rows.
 */
export async function enqueueGradeMoves(db: Db, config: Config, change: GradeChangedPayload, now: Date): Promise<number> {
  const owners = await ownerAnnotations(db, [...new Set(change.moves.map((m) => m.entity))]);
  const consequence = change.moves.some((m) => m.to === 'F') ? await consequenceOfF(db, change.scorecard) : null;
  const rows = [];
  for (const m of change.moves) {
    const from = isGrade(m.from) ? m.from : null;
    const to = isGrade(m.to) ? m.to : null;
    const type = gradeEventType(from, to);
    if (!type) continue;
    const o = owners.get(m.entity);
    const id = `${type}|${change.scorecard}|${m.entity}|${to}|${change.at}`;
    const event = {
      type, id, occurredAt: change.at, entity: m.entity, team: o?.owner ?? undefined, scorecard: change.scorecard, from, to, score: m.score ?? undefined,
      ...(type === 'entered-f' && consequence ? { consequence } : {}),
      details: `${shortRef(m.entity)} on ${change.scorecard}: ${from ?? 'ungraded'} → ${to}${m.score !== null ? ` (score ${m.score.toFixed(1)})` : ''}.`,
      url: `${config.server.publicUrl.replace(/\/$/, '')}${bestPath(m.entity) ?? ''}`,
    };
    const targets = [...teamTargets(config, o?.annotations ?? {}), ...(type === 'entered-f' ? sreTargets(config) : [])];
    rows.push(...rowsFor(event, targets, now.toISOString()));
  }
  return enqueueRows(db, rows);
}

/** Job: a notification for every approved waiver expiring within 7 days (once per waiver and expiry). */
export async function notifyWaiversExpiring(db: Db, config: Config, now: Date): Promise<number> {
  const waivers = await waiversExpiring(db, now.toISOString(), new Date(now.getTime() + WEEK_MS).toISOString());
  const owners = await ownerAnnotations(db, [...new Set(waivers.map((w) => w.entity))]);
  const rows = waivers.flatMap((w) => {
    const o = owners.get(w.entity);
    const event = {
      type: 'waiver-expiring' as const, id: `waiver-expiring|${w.id}|${w.expiresAt}`, occurredAt: now.toISOString(), entity: w.entity, team: o?.owner ?? undefined,
      details: `The waiver for ${w.requirement} on ${w.scorecard} expires ${w.expiresAt}: fix the requirement or ask for a new waiver.`,
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
