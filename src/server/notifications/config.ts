// The `notifications` section of tally.yaml (declared in the notifications module).
import { z } from 'zod';

const url = z.string().url().max(2000);

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
  })
  .strict()
  .prefault({});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    notifications: NotificationsConfig;
  }
}
