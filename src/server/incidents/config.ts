// The `incidents` section of tally.yaml: severities (with their meaning and update cadence),
// chat (the Slack signing secret, the default announcement channel), the default failover channel,
// and the status page. Declared in the incidents module.
import { z } from 'zod';
import { failoverSchema } from '../../common/api/incidents.ts';

const severity = z.strictObject({
  level: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'letters, digits, - and _ (at most 20)'),
  meaning: z.string().min(1).max(500),
  /** The communications lead is reminded when no update went out for this long; null: no cadence. */
  updateEveryMinutes: z.number().int().min(5).max(7 * 24 * 60).nullable().default(null),
});

export const DEFAULT_SEVERITIES = [
  { level: 'SEV1', meaning: 'Critical: a core capability is down for many users, or data is at risk.', updateEveryMinutes: 30 },
  { level: 'SEV2', meaning: 'Major: a core capability is degraded, or down for some users.', updateEveryMinutes: 60 },
  { level: 'SEV3', meaning: 'Minor: a non-core capability is degraded; a workaround exists.', updateEveryMinutes: 240 },
  { level: 'SEV4', meaning: 'Low: cosmetic or internal; no customer impact to speak of.', updateEveryMinutes: null },
];

export const incidentsConfigSchema = z
  .strictObject({
    /** In order, most severe first. */
    severities: z
      .array(severity)
      .min(1)
      .max(10)
      .default(DEFAULT_SEVERITIES)
      .refine((list) => new Set(list.map((s) => s.level.toUpperCase())).size === list.length, { message: 'each level may appear once' }),
    chat: z
      .strictObject({
        /** Slack's signing secret: chat requests are verified with it (v0 HMAC-SHA256); without it they are refused. */
        signingSecret: z.string().min(8).max(200).optional(),
        /** The channel every incident is announced in (a channel id such as C0123ABC), besides its own. */
        announceChannel: z.string().min(1).max(100).optional(),
      })
      .prefault({}),
    /** Used when chat delivery fails, for incidents that name none of their own. */
    failover: failoverSchema.default({ kind: 'status-page' }),
    /** People told of every incident by mail (declared, updates, resolved). */
    subscribers: z.array(z.email()).max(100).default([]),
    statusPage: z.strictObject({ title: z.string().min(1).max(200).default('Service status') }).prefault({}),
  })
  .prefault({});

export type IncidentsConfig = z.infer<typeof incidentsConfigSchema>;
export type Severity = IncidentsConfig['severities'][number];

declare module '../platform/config.ts' {
  interface ConfigSections {
    incidents: IncidentsConfig;
  }
}
