// Announcements leave through the notification outbox, stored in the transaction that made them:
// to the incident's chat channel and the announcement channel (Slack's Web API), and by mail to
// its subscribers. The incident's failover channel (mail, a webhook, or the status page) takes
// over when chat delivery fails — and carries everything when there is no chat channel at all.
// Each announcement is also a timeline entry, which the public status page shows.
import type { Failover } from '../../../common/api/incidents.ts';
import { chatTarget, emailTarget, enqueueMessage, type MessageTarget } from '../../notifications/index.ts';
import type { IncidentRow } from '../tables.ts';
import type { WriteCtx } from '../record/context.ts';
import { incidentRef } from '../record/load.ts';
import { insertTimeline, subscribersOf } from '../record/repository.ts';
import { timelineRow } from '../record/timeline.ts';

export type AnnouncementKind = 'declared' | 'update' | 'resolved' | 'reminder';

/** Where chat messages for this incident go: its own channel and the announcement channel. */
export function chatChannels(row: Pick<IncidentRow, 'chat_channel'>, ctx: Pick<WriteCtx, 'config'>): string[] {
  return [...new Set([row.chat_channel, ctx.config.incidents.chat.announceChannel].filter((c): c is string => !!c))];
}

export function failoverTargets(failover: Failover): MessageTarget[] {
  if (failover.kind === 'email') return failover.to.map(emailTarget);
  if (failover.kind === 'webhook') return [{ kind: 'webhook', url: failover.url }];
  return []; // the status page shows every announcement already
}

function headline(row: IncidentRow, kind: AnnouncementKind): string {
  const drill = row.drill_id ? '[DRILL] ' : '';
  const what = { declared: 'declared', update: 'update', resolved: 'resolved', reminder: 'update overdue' }[kind];
  return `${drill}${incidentRef(row)} ${what} (${row.severity}): ${row.title}`;
}

/**
 * Stores the announcement for every target and writes it in the timeline. Reminders go to chat
 * only (they are for the communications lead); the rest also to subscribers by mail.
 */
export async function announce(ctx: WriteCtx, row: IncidentRow, a: { kind: AnnouncementKind; text: string }): Promise<void> {
  const entry = timelineRow(row.id, { kind: a.kind === 'reminder' ? 'reminder' : 'announcement', text: a.text, author: ctx.actor, data: { announcement: a.kind } }, ctx.now);
  await insertTimeline(ctx.db, [entry]);
  const chat = chatChannels(row, ctx).map(chatTarget);
  const mail = a.kind === 'reminder' ? [] : [...(await subscribersOf(ctx.db, row.id)), ...ctx.config.incidents.subscribers].map(emailTarget);
  const failover = failoverTargets(JSON.parse(row.failover) as Failover);
  const targets = chat.length ? [...chat, ...mail] : [...mail, ...failover];
  if (targets.length === 0) return;
  const message = {
    id: `incident:${row.id}|${entry.id}`,
    title: headline(row, a.kind),
    details: a.text,
    url: `${ctx.config.server.publicUrl.replace(/\/$/, '')}/incidents/${row.number}`,
    occurredAt: ctx.now.toISOString(),
    source: `incident:${row.id}`,
  };
  await enqueueMessage(ctx.db, message, targets, ctx.now, { fallback: chat.length ? failover : [] });
}

