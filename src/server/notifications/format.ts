// Notification events and their two wire forms: a Slack incoming-webhook payload (mrkdwn) and a
// generic JSON body for any webhook receiver (signed, see sign.ts). Pure.
import type { Grade } from '../../common/grades.ts';

export const NOTIFICATION_TYPES = ['grade-up', 'grade-down', 'entered-f', 'waiver-expiring', 'hackday-results', 'announcement'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationEvent {
  type: NotificationType;
  /** Idempotency key chosen by the sender; receivers drop repeats. */
  id?: string;
  /** ISO time the event happened. */
  occurredAt?: string;
  /** Entity ref, e.g. `component:default/checkout`. */
  entity?: string;
  team?: string;
  /** Grade events: the scorecard the grade is on. */
  scorecard?: string;
  /** entered-f: what the F costs under the scorecard's policy (none when no policy governs it). */
  consequence?: string;
  from?: Grade | null;
  to?: Grade | null;
  score?: number;
  details: string;
  url?: string;
  /** `announcement`: its headline (an incident declared, an update, resolved). */
  title?: string;
  /** Who sent it, e.g. `incident:<id>`: the sender reads its deliveries back by it (deliveriesFrom). */
  source?: string;
  /** Buttons on the chat message (Slack's `actions` block), pressed back at the app's interactivity URL. */
  buttons?: { text: string; actionId: string; value: string }[];
  /** Where to send it too when a delivery to one of its targets fails (the failover channel). Not sent out. */
  fallback?: { kind: string; url: string }[];
}

export interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
}

/** Slack mrkdwn needs only &, < and > escaped; everything else is literal. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ICON: Record<NotificationType, string> = {
  'grade-up': ':arrow_up:',
  'grade-down': ':arrow_down:',
  'entered-f': ':rotating_light:',
  'waiver-expiring': ':hourglass_flowing_sand:',
  'hackday-results': ':trophy:',
  announcement: ':mega:',
};

/** One line, plain words, no markup: the notification's headline. */
export function summarize(e: NotificationEvent): string {
  const who = e.entity ?? e.team ?? 'a service';
  const grades = `${e.from ?? 'ungraded'} to ${e.to ?? 'ungraded'}`;
  switch (e.type) {
    case 'grade-up':
      return `${who} rose from ${grades}`;
    case 'grade-down':
      return `${who} fell from ${grades}`;
    case 'entered-f':
      return `${who} is now graded F${e.scorecard ? ` on ${e.scorecard}` : ''}${e.consequence ? `: ${e.consequence}` : ''}`;
    case 'waiver-expiring':
      return `A waiver for ${who} expires soon`;
    case 'hackday-results':
      return 'HackDay results are in';
    case 'announcement':
      return e.title ?? 'Announcement';
  }
}

function contextLine(e: NotificationEvent): string | undefined {
  const parts = [e.team ? `team ${e.team}` : '', e.score !== undefined ? `score ${e.score.toFixed(1)}` : ''].filter(Boolean);
  return parts.length > 0 ? escapeSlack(parts.join(' · ')) : undefined;
}

export function formatSlack(e: NotificationEvent): SlackPayload {
  const headline = escapeSlack(summarize(e));
  const linked = e.url ? `<${e.url.replace(/[|>]/g, encodeURIComponent)}|${headline}>` : headline;
  const text = `${ICON[e.type]} ${headline}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${ICON[e.type]} *${linked}*\n${escapeSlack(e.details)}` } },
  ];
  const context = contextLine(e);
  if (context) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context }] });
  if (e.buttons?.length) blocks.push({ type: 'actions', elements: e.buttons.slice(0, 5).map((b) => ({ type: 'button', text: { type: 'plain_text', text: b.text.slice(0, 75) }, action_id: b.actionId, value: b.value })) });
  return { text, blocks };
}

/** The generic webhook body: the event's fields plus a plain-text `summary`, versioned. */
export function formatWebhook(e: NotificationEvent): Record<string, unknown> {
  return {
    version: 1,
    id: e.id ?? null,
    type: e.type,
    occurredAt: e.occurredAt ?? null,
    entity: e.entity ?? null,
    team: e.team ?? null,
    scorecard: e.scorecard ?? null,
    consequence: e.consequence ?? null,
    from: e.from ?? null,
    to: e.to ?? null,
    score: e.score ?? null,
    summary: summarize(e),
    details: e.details,
    url: e.url ?? null,
  };
}
