// The delivery job: claims due outbox rows (a claim token with a lease, so several workers
// split the work and a crashed worker's rows come back), sends each once through its target's
// channel (channels/), and records the outcome: delivered; retried later with backoff; or failed
// after MAX_ATTEMPTS (or a 4xx). A message with fallback targets goes to them as well the first
// time a delivery fails (the failover channel), and `notification.failed-over` tells its sender.
// Targets come from tally.yaml and from Group annotations in the catalog, so each passes the
// outbound guard (`checks.outbound`) first: a refused URL fails for good without a request; a
// DNS failure is retried like any network error.
import { randomUUID } from 'node:crypto';
import { outboundCheckFor, type OutboundCheck } from '../platform/outbound/guard.ts';
import { isTallyPath, resolveTallyUrl } from '../platform/outbound/tally-url.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { NotificationEvent } from './format.ts';
import type { Db } from '../platform/db/connect.ts';
import { channelFor } from './channels/channel.ts';
import { messageRows, type MessageTarget } from './messages.ts';
import { claimDue, enqueueRows, recordAttempt } from './repository.ts';
import { backoffDelay, isRetryable, MAX_ATTEMPTS, type DeliveryResult, type DeliveryTarget } from './send.ts';
import type { NotificationRow } from './tables.ts';

/** `events` is optional: without it a failover still happens, unannounced. */
type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'log'> & Partial<Pick<AppDeps, 'events'>>;

export interface DeliveryRun {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/** `outboundCheck` defaults to the guard built from `checks.outbound` (tests inject a resolver through it). */
export async function deliverDueNotifications(deps: Deps, opts: { fetch?: typeof fetch; limit?: number; outboundCheck?: OutboundCheck } = {}): Promise<DeliveryRun> {
  const token = randomUUID();
  const now = deps.clock();
  const timeoutMs = deps.config.notifications.timeoutMs;
  const until = new Date(now.getTime() + 2 * timeoutMs + 30_000).toISOString();
  const rows = await claimDue(deps.db, token, now.toISOString(), until, opts.limit ?? 50);
  const run: DeliveryRun = { claimed: rows.length, delivered: 0, retrying: 0, failed: 0 };
  const check = opts.outboundCheck ?? outboundCheckFor(deps.config);
  await Promise.all(rows.map(async (row) => {
    const outcome = await attempt(deps, row, token, opts.fetch ?? fetch, check);
    run[outcome]++;
  }));
  return run;
}

async function attempt(deps: Deps, row: NotificationRow, token: string, fetchFn: typeof fetch, check: OutboundCheck): Promise<'delivered' | 'retrying' | 'failed'> {
  // A target written as a path is on this server: resolved now, so a restart on another port still delivers.
  const url = resolveTallyUrl(row.target_url, deps.config.server.publicUrl);
  const target: DeliveryTarget = { kind: row.target_kind as DeliveryTarget['kind'], url, secret: row.target_kind === 'webhook' ? deps.config.notifications.webhookSecret : undefined };
  const event = JSON.parse(row.event) as NotificationEvent;
  const result = await sendOnce(deps, target, event, fetchFn, check);
  const attempts = row.attempts + 1;
  const at = deps.clock();
  if (result.ok) {
    await recordAttempt(deps.db, row.id, token, { status: 'delivered', attempts, delivered_at: at.toISOString(), last_status: result.status ?? null, last_error: null });
    return 'delivered';
  }
  const final = result.refused === true || attempts >= MAX_ATTEMPTS || !isRetryable(result);
  const next = new Date(at.getTime() + backoffDelay(attempts)).toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await recordAttempt(tx, row.id, token, { status: final ? 'failed' : 'pending', attempts, next_attempt_at: final ? row.next_attempt_at : next, last_status: result.status ?? null, last_error: result.error ?? null });
    if (attempts === 1 && event.fallback?.length) await failOver(deps, tx, row, event, result.error ?? 'failed', at);
  });
  if (final) deps.log.warn({ id: row.id, type: event.type, error: result.error, attempts }, 'notification failed for good');
  return final ? 'failed' : 'retrying';
}

/** Passes the outbound guard (when the channel calls a URL), then sends through the target's channel. */
async function sendOnce(deps: Deps, target: DeliveryTarget, event: NotificationEvent, fetchFn: typeof fetch, check: OutboundCheck): Promise<DeliveryResult & { refused?: boolean }> {
  const started = deps.clock().getTime();
  const channel = channelFor(target.kind);
  if (!channel) return { ok: false, refused: true, error: `no channel for target kind ${target.kind}`, durationMs: 0 };
  const url = channel.guardUrl(target, deps.config.notifications);
  const verdict = url === null ? ({ ok: true } as const) : await check(url);
  // A refused URL will be refused again: final. A DNS failure has no status, so it is retryable.
  if (!verdict.ok) {
    const refused = !verdict.dns;
    return { ok: false, refused, error: refused ? `refused by the outbound policy: ${verdict.reason}` : verdict.reason, durationMs: Math.max(0, deps.clock().getTime() - started) };
  }
  const n = deps.config.notifications;
  return channel.send(target, event, { fetch: fetchFn, now: deps.clock, timeoutMs: n.timeoutMs, config: n });
}

/** Published when a message's first delivery to a target failed and its fallback targets were enqueued. */
export const NOTIFICATION_FAILED_OVER = 'notification.failed-over';

export interface FailedOverPayload {
  source: string | null;
  messageId: string;
  failed: { kind: string; error: string };
  fallback: { kind: string }[];
}

/** The message goes to its fallback targets too (once per message), and the sender hears of it. */
async function failOver(deps: Deps, tx: Db, row: NotificationRow, event: NotificationEvent, error: string, at: Date): Promise<void> {
  const { fallback = [], ...rest } = event;
  const copy = { ...rest, id: `${event.id}|failover`, failoverOf: row.target_kind };
  const added = await enqueueRows(tx, messageRows(copy, fallback as MessageTarget[], at.toISOString()));
  if (added === 0 || !deps.events) return;
  const payload: FailedOverPayload = { source: event.source ?? null, messageId: event.id ?? '', failed: { kind: row.target_kind, error }, fallback: fallback.map((f) => ({ kind: f.kind })) };
  await deps.events.publish(tx, [{ type: NOTIFICATION_FAILED_OVER, key: `${NOTIFICATION_FAILED_OVER}|${event.id}`, payload: payload as unknown as Record<string, unknown> }], at);
}

/** The delivery log as the API shows it: webhook URLs are secrets, so only their origin is shown. */
export function presentDelivery(row: NotificationRow) {
  const event = JSON.parse(row.event) as NotificationEvent;
  let target: string;
  try {
    target = isTallyPath(row.target_url) ? 'this Tally server' : new URL(row.target_url).origin;
  } catch {
    target = 'invalid URL';
  }
  return {
    id: row.id, key: row.idempotency_key.split('|').slice(0, -2).join('|'), type: event.type, entity: event.entity ?? null, team: event.team ?? null,
    target: { kind: row.target_kind, origin: target }, status: row.status as 'pending' | 'delivered' | 'failed', attempts: row.attempts, nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastStatus: row.last_status, lastError: row.last_error, createdAt: row.created_at, deliveredAt: row.delivered_at,
    // What the message said and where it links: the delivery page shows and follows them.
    url: event.url ?? null, details: event.details,
  };
}
