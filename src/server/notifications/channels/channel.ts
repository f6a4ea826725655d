// Channels are how a stored notification leaves Tally: each target kind names one. The HTTP
// webhooks (Slack incoming webhooks, signed JSON) are send.ts; Slack's Web API and SMTP mail are
// the plug-ins beside this file. The delivery job (delivery.ts) picks the channel by the row's
// target kind, passes the guard, sends once and records the outcome; channels never store.
import type { NotificationsConfig } from '../config.ts';
import type { NotificationEvent } from '../format.ts';
import { deliver, type DeliveryResult, type DeliveryTarget } from '../send.ts';
import { emailChannel } from './email.ts';
import { slackApiChannel } from './slack-api.ts';

export interface ChannelDeps {
  fetch: typeof fetch;
  now: () => Date;
  timeoutMs: number;
  config: NotificationsConfig;
}

export interface Channel {
  kind: DeliveryTarget['kind'];
  /**
   * The URL the outbound guard must allow before anything is sent, or null when the channel talks
   * to no URL it was told (SMTP goes to the relay the operator configured, not to an address).
   */
  guardUrl(target: DeliveryTarget, config: NotificationsConfig): string | null;
  /** One attempt; never throws. */
  send(target: DeliveryTarget, event: NotificationEvent, deps: ChannelDeps): Promise<DeliveryResult>;
}

const webhookChannel = (kind: 'slack' | 'webhook'): Channel => ({
  kind,
  guardUrl: (target) => target.url,
  send: (target, event, deps) => deliver(target, event, deps),
});

const CHANNELS: Record<DeliveryTarget['kind'], Channel> = {
  slack: webhookChannel('slack'),
  webhook: webhookChannel('webhook'),
  'slack-api': slackApiChannel,
  email: emailChannel,
};

export function channelFor(kind: string): Channel | undefined {
  return CHANNELS[kind as DeliveryTarget['kind']];
}

/** `slack:C0123` → `C0123`; `mailto:a@b.c` → `a@b.c`: the address part of a channel target. */
export function targetAddress(url: string, scheme: 'slack' | 'mailto'): string | undefined {
  const prefix = `${scheme}:`;
  return url.startsWith(prefix) && url.length > prefix.length ? decodeURIComponent(url.slice(prefix.length)) : undefined;
}
