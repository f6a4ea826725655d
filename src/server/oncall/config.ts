// The `oncall` section of tally.yaml: the secret that signs ACK links and how long they hold,
// the bearer token alert senders (Alertmanager, Events API clients) may use instead of an API
// token, the Events API routing keys, the default escalation, and the shift-start page.
import { z } from 'zod';

export const oncallConfigSchema = z
  .strictObject({
    /** HMAC-SHA256 key of the ACK links in page messages; without it, messages carry no link. */
    ackSecret: z.string().min(16, 'use at least 16 characters').max(500).optional(),
    /** How long an ACK link is accepted after the page was sent. */
    ackLinkMinutes: z.number().int().min(5).max(7 * 24 * 60).default(24 * 60),
    /** A key accepted as `?key=` by POST /api/v1/alerts/* from senders that cannot send an API token (an editor API token as Bearer works too). */
    intakeKey: z.string().min(16, 'use at least 16 characters').max(500).optional(),
    /** PagerDuty Events API v2 `routing_key`s accepted without a bearer token; the value names a service, or null to route by the payload. */
    routingKeys: z.record(z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'letters, digits, - and _ (8 to 64)'), z.string().min(1).max(200).nullable()).default({}),
    /** Minutes after which an unACKed shift-start page escalates (to the outgoing person, then the policy's next level); null: no shift-start pages. */
    shiftStartAckMinutes: z.number().int().min(1).max(24 * 60).nullable().default(15),
    /** Alerts that arrive together share one transaction: the most alerts in one (POST /api/v1/alerts/*). */
    intakeBatchSize: z.number().int().min(1).max(5000).default(500),
    /** How long the first waiting alert request waits for others to share its transaction (ms; 0: the next turn of the event loop). A full batch starts at once. */
    intakeLingerMs: z.number().int().min(0).max(1000).default(2),
    /** How far ahead the calendars reach. */
    calendarWeeks: z.number().int().min(1).max(104).default(12),
  })
  .prefault({});

export type OncallConfig = z.infer<typeof oncallConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    oncall: OncallConfig;
  }
}
