// Messages other domains send (incidents' announcements and reminders): stored in the outbox
// like every notification, in the caller's transaction, once per (message, target) — and read
// back by their `source` to show which deliveries went through. A message may name fallback
// targets: when a delivery to one of its targets fails, the delivery job enqueues the message to
// the fallbacks too (delivery.ts) while it keeps retrying the failed one.
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db/connect.ts';
import type { NotificationEvent } from './format.ts';
import { enqueueRows, rowsFromSource } from './repository.ts';
import type { DeliveryTarget } from './send.ts';
import type { NotificationRow } from './tables.ts';

export type MessageTarget = Omit<DeliveryTarget, 'secret'>;

export interface OutboundMessage {
  /** Idempotency id chosen by the sender: the same id to the same target is stored once. */
  id: string;
  title: string;
  details: string;
  url?: string;
  occurredAt: string;
  /** The sender, e.g. `incident:<id>`; deliveriesFrom(source) reads them back. */
  source: string;
  entity?: string;
  team?: string;
  /** Chat buttons (e.g. a page's Acknowledge); other channels ignore them. */
  buttons?: NotificationEvent['buttons'];
}

/** A chat channel target for `chat.postMessage` (notifications.slack). */
export const chatTarget = (channel: string): MessageTarget => ({ kind: 'slack-api', url: `slack:${encodeURIComponent(channel)}` });
/** A mail target sent through notifications.email. */
export const emailTarget = (address: string): MessageTarget => ({ kind: 'email', url: `mailto:${encodeURIComponent(address)}` });

/** Returns how many rows were new. Call inside the transaction that made the message happen. */
export async function enqueueMessage(db: Db, message: OutboundMessage, targets: readonly MessageTarget[], now: Date, opts: { fallback?: readonly MessageTarget[] } = {}): Promise<number> {
  return enqueueMessages(db, [{ message, targets, ...opts }], now);
}

/** Many messages in one write (a batch of pages): the same rows as enqueueMessage for each. */
export async function enqueueMessages(db: Db, messages: readonly { message: OutboundMessage; targets: readonly MessageTarget[]; fallback?: readonly MessageTarget[] }[], now: Date): Promise<number> {
  const at = now.toISOString();
  return enqueueRows(db, messages.flatMap(({ message, targets, fallback }) => messageRows({ type: 'announcement', ...message, ...(fallback?.length ? { fallback: fallback.map((t) => ({ kind: t.kind, url: t.url })) } : {}) }, targets, at)));
}

export function messageRows(event: NotificationEvent & { id?: string }, targets: readonly MessageTarget[], at: string): NotificationRow[] {
  const seen = new Set<string>();
  return targets
    .filter((t) => !seen.has(`${t.kind}|${t.url}`) && seen.add(`${t.kind}|${t.url}`))
    .map((t) => ({
      id: randomUUID(), idempotency_key: `${event.id}|${t.kind}|${t.url}`, event: JSON.stringify(event), target_kind: t.kind, target_url: t.url,
      status: 'pending', attempts: 0, next_attempt_at: at, claimed_by: null, claimed_until: null, last_error: null, last_status: null, created_at: at, delivered_at: null,
      source: event.source ?? null,
    }));
}

export interface MessageDelivery {
  messageId: string;
  title: string;
  kind: string;
  /** The channel or address (`C0123`, `oncall@acme.test`) or, for webhooks, the origin only. */
  target: string;
  /** Sent because a delivery of the same message failed. */
  fallback: boolean;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** The deliveries of a sender's messages, oldest first (at most `limit`). */
export async function deliveriesFrom(db: Db, source: string, limit = 500): Promise<MessageDelivery[]> {
  const rows = await rowsFromSource(db, source, limit);
  return rows.map((row) => {
    const event = JSON.parse(row.event) as NotificationEvent & { failoverOf?: string };
    return {
      messageId: event.id ?? '', title: event.title ?? event.details, kind: row.target_kind, target: shownTarget(row), fallback: event.failoverOf !== undefined,
      status: row.status as MessageDelivery['status'], attempts: row.attempts, lastError: row.last_error, createdAt: row.created_at, deliveredAt: row.delivered_at,
    };
  });
}

function shownTarget(row: NotificationRow): string {
  if (row.target_kind === 'slack-api' || row.target_kind === 'email') return decodeURIComponent(row.target_url.slice(row.target_url.indexOf(':') + 1));
  return URL.canParse(row.target_url) ? new URL(row.target_url).origin : 'invalid URL';
}
