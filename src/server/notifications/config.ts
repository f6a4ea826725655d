// The `notifications` section of tally.yaml (declared in the notifications module).
import { z } from 'zod';

/** An absolute URL, or a path on this Tally server (resolved against server.publicUrl when sending). */
const url = z.union([z.string().url(), z.string().regex(/^\/(?!\/)/, 'an absolute URL or a path on this server such as /demo/webhooks/sre')]).pipe(z.string().max(2000));

export const notificationsConfigSchema = z
  .object({
    /** Slack-compatible incoming webhook for teams whose Group has no `tally.dev/slack-webhook`. */
    defaultSlackWebhook: url.optional(),
    /** Generic JSON webhook for teams whose Group has no `tally.dev/webhook-url`. */
    defaultWebhook: url.optional(),
    /** SRE's channels: `entered-f` goes here too (Slack-compatible and/or generic JSON). */
    sreSlackWebhook: url.optional(),
    sreWebhook: url.optional(),
    /** HMAC-SHA256 secret for generic webhooks (X-Tally-Signature); unsigned when absent. */
    webhookSecret: z.string().min(16, 'use at least 16 characters').optional(),
    /** How long one delivery attempt may take before it counts as failed and is retried. */
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** Slack's Web API (chat.postMessage) for messages to channels: incidents' announcements. */
    slack: z
      .object({
        /** The Web API base; any Slack-compatible server (Mattermost's Slack API, a stand-in) at another URL. */
        apiUrl: url.default('https://slack.com/api/'),
        /** A bot token (xoxb-…) with chat:write; without it, channel messages fail and the failover channel takes over. */
        token: z.string().min(1).max(500).optional(),
      })
      .strict()
      .prefault({}),
    /** SMTP relay for mail (nodemailer); without `host`, mail cannot be sent and waits in the outbox. */
    email: z
      .object({
        host: z.string().min(1).max(300).optional(),
        port: z.number().int().min(1).max(65535).default(587),
        /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
        secure: z.boolean().default(false),
        from: z.string().min(3).max(300).default('Tally <tally@localhost>'),
        user: z.string().min(1).max(300).optional(),
        password: z.string().min(1).max(300).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    notifications: NotificationsConfig;
  }
}
