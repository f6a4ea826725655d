// Telling people about a page, through the notifications outbox (so a channel that is down
// retries there and loses nothing, while the escalation goes on): each person's contact rules
// ("chat at once, mail after 5 minutes"), or mail to their catalog address when they set none.
// A rule with a delay is a timer, fired only if the page is still unacknowledged by then. A batch
// of pages gathers its messages, events and timers in PageWrites and writes each table once.
import { randomUUID } from 'node:crypto';
import type { ContactRule } from '../../../common/api/oncall.ts';
import type { CatalogSnapshot } from '../../catalog/index.ts';
import { chatTarget, emailTarget, enqueueMessages, type MessageTarget, type OutboundMessage } from '../../notifications/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { personOf } from '../people.ts';
import type { PageEventRow, PageRow, TimerRow } from '../tables.ts';
import { signAck } from './ack-link.ts';
import { contactsOf, insertEvents, insertTimers } from './repository.ts';

/** The chat button that ACKs a page (pages/chat-ack.ts); its value is the page id. */
export const CHAT_ACK_ACTION = 'page:ack';

export function rulesOf(catalog: CatalogSnapshot | undefined, user: string, stored: string | undefined): { rules: ContactRule[]; default: boolean } {
  if (stored) return { rules: JSON.parse(stored) as ContactRule[], default: false };
  const email = personOf(catalog, user).email;
  return { rules: email ? [{ channel: 'email', to: email, afterMinutes: 0 }] : [], default: true };
}

export function targetOf(rule: ContactRule): MessageTarget {
  if (rule.channel === 'email') return emailTarget(rule.to);
  if (rule.channel === 'chat') return chatTarget(rule.to);
  return { kind: 'webhook', url: rule.to };
}

export function ackUrl(config: Config, page: Pick<PageRow, 'id'>, user: string, now: Date): string | null {
  const secret = config.oncall.ackSecret;
  if (!secret) return null;
  const exp = Math.floor(now.getTime() / 1000) + config.oncall.ackLinkMinutes * 60;
  return `${config.server.publicUrl.replace(/\/+$/, '')}/oncall/ack?token=${signAck(secret, { page: page.id, user, exp })}`;
}

export interface NotifyCtx {
  db: Db;
  config: Config;
  now: Date;
  catalog: CatalogSnapshot | undefined;
}

export interface QueuedMessage {
  message: OutboundMessage;
  targets: MessageTarget[];
}

/** What a batch of page changes writes, gathered so each table gets one statement (writeAll). */
export interface PageWrites {
  events: PageEventRow[];
  timers: TimerRow[];
  messages: QueuedMessage[];
}

export const pageWrites = (): PageWrites => ({ events: [], timers: [], messages: [] });

export async function writeAll(db: Db, w: PageWrites, now: Date): Promise<void> {
  await insertEvents(db, w.events);
  await insertTimers(db, w.timers);
  if (w.messages.length > 0) await enqueueMessages(db, w.messages, now);
}

/**
 * Sends (or schedules) each page to its people by their rules, into `w`: one read of the
 * contact rules for every person of the batch. Returns, per notice, the people nobody can reach.
 */
export async function notifyPeople(ctx: NotifyCtx, w: PageWrites, notices: readonly { page: PageRow; users: readonly string[] }[]): Promise<string[][]> {
  const contacts = await contactsOf(ctx.db, [...new Set(notices.flatMap((n) => n.users))]);
  return notices.map(({ page, users }) => {
    const unreachable: string[] = [];
    for (const user of users) {
      const { rules } = rulesOf(ctx.catalog, user, contacts.get(user)?.rules);
      if (rules.length === 0) unreachable.push(user);
      for (const [i, rule] of rules.entries()) {
        if (rule.afterMinutes === 0) w.messages.push(ruleMessage(ctx, page, user, rule, i));
        else w.timers.push({ id: randomUUID(), page_id: page.id, kind: 'contact', due_at: new Date(ctx.now.getTime() + rule.afterMinutes * 60_000).toISOString(), data: JSON.stringify({ user, rule: i, level: page.level, round: page.round }), fired_at: null });
      }
    }
    return unreachable;
  });
}

/** The message of one contact rule for a page (its ACK link signed for that person). */
export function ruleMessage(ctx: Omit<NotifyCtx, 'db'>, page: PageRow, user: string, rule: ContactRule, index: number): QueuedMessage {
  const link = ackUrl(ctx.config, page, user, ctx.now);
  const labels = JSON.parse(page.labels) as Record<string, string>;
  const details = [
    page.details,
    '',
    `Page P-${page.number} · rotation ${page.rotation}${page.service ? ` · ${page.service}` : ''}${page.escalations > 0 ? ` · escalation ${page.escalations}` : ''}`,
    Object.keys(labels).length > 0 ? `Labels: ${Object.entries(labels).slice(0, 12).map(([k, v]) => `${k}=${v}`).join(', ')}` : '',
    link ? `Acknowledge: ${link}` : `Acknowledge: tally oncall ack P-${page.number}`,
  ].filter((l, i) => l !== '' || i === 1).join('\n');
  return {
    message: { id: `oncall:${page.id}:${page.round}.${page.level}:${user}:${index}`, title: `[P-${page.number}] ${page.title}`, details, ...(link ? { url: link } : {}), occurredAt: ctx.now.toISOString(), source: `oncall-page:${page.id}`, ...(page.service ? { entity: page.service } : {}), ...(rule.channel === 'chat' ? { buttons: [{ text: 'Acknowledge', actionId: CHAT_ACK_ACTION, value: page.id }] } : {}) },
    targets: [targetOf(rule)],
  };
}
