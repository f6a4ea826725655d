// The incident's communications as the page shows them: which channel is live, the failover,
// subscribers, and every delivery of its announcements (read back from the outbox).
import type { CommsView, Failover } from '../../../common/api/incidents.ts';
import { deliveriesFrom, type MessageDelivery } from '../../notifications/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { IncidentRow } from '../tables.ts';
import { subscribersOf } from '../record/repository.ts';
import { chatChannels } from './announce.ts';

/**
 * `chat` while chat delivery works (or nothing was sent yet); the failover's kind when the latest
 * chat delivery has failed or is waiting for a retry, or when the incident has no chat channel.
 */
export function liveChannel(hasChat: boolean, failover: Failover, deliveries: readonly MessageDelivery[]): string {
  if (!hasChat) return failover.kind;
  const chat = deliveries.filter((d) => d.kind === 'slack-api' && !d.fallback);
  const latest = chat.at(-1);
  if (!latest) return 'chat';
  const failing = latest.status === 'failed' || (latest.status === 'pending' && latest.attempts > 0);
  return failing ? failover.kind : 'chat';
}

export async function commsOf(db: Db, config: Config, row: IncidentRow): Promise<CommsView> {
  const failover = JSON.parse(row.failover) as Failover;
  const deliveries = await deliveriesFrom(db, `incident:${row.id}`);
  const hasChat = chatChannels(row, { config }).length > 0;
  return { live: liveChannel(hasChat, failover, deliveries), chatChannel: row.chat_channel, failover, subscribers: await subscribersOf(db, row.id), deliveries };
}
