// The anti-bot edge over HTTP: verdicts with their evidence (why a fingerprint was banned), the
// active bans, and traffic per minute by action. Isomorphic: routes, CLI and web UI share these.
import { z } from 'zod';
import { isoSchema } from './shared.ts';

export const EDGE_ACTIONS = ['allow', 'throttle', 'shadow', 'tarpit', 'maze'] as const;
export const EDGE_SIGNALS = ['honeypot', 'cloudOrigin', 'osMismatch', 'fastRequest', 'humanPace', 'regular', 'checkoutWithoutBrowsing', 'checkoutAfterBrowsing', 'assetFetch', 'pageWithoutAssets'] as const;

export const edgeSignalTallySchema = z.object({ signal: z.enum(EDGE_SIGNALS), count: z.number().int(), llr: z.number() });

export const edgeVerdictSchema = z.object({
  id: z.string(),
  edge: z.string(),
  subject: z.string().describe('fingerprint key `ja4|http|h2`, or a session'),
  scope: z.enum(['fingerprint', 'session']),
  verdict: z.enum(['bot', 'human']),
  action: z.enum(EDGE_ACTIONS),
  ja4: z.string().nullable(),
  http: z.string(),
  h2: z.string().nullable(),
  firstSeenAt: isoSchema,
  decidedAt: isoSchema,
  expiresAt: isoSchema.nullable(),
  secondsToVerdict: z.number(),
  llr: z.number().describe('the summed log-likelihood ratio when the verdict was reached'),
  thresholds: z.object({ upper: z.number(), lower: z.number() }),
  evidence: z.array(edgeSignalTallySchema),
  samples: z.array(z.object({ at: isoSchema, signal: z.enum(EDGE_SIGNALS), path: z.string(), ip: z.string(), detail: z.string().optional() })),
  requests: z.number().int(),
  addresses: z.number().int(),
  userAgents: z.number().int(),
  /** One paragraph: why. */
  explanation: z.string(),
});
export type EdgeVerdictView = z.infer<typeof edgeVerdictSchema>;

export const edgeVerdictListSchema = z.object({ items: z.array(edgeVerdictSchema), nextCursor: z.string().nullable() });

export const edgeTrafficSchema = z.object({
  minutes: z.array(z.object({ minute: isoSchema, allow: z.number().int(), throttle: z.number().int(), shadow: z.number().int(), tarpit: z.number().int(), maze: z.number().int() })),
});
export type EdgeTrafficView = z.infer<typeof edgeTrafficSchema>;

export const edgeOverviewSchema = z.object({
  bans: z.array(z.object({ subject: z.string(), scope: z.enum(['fingerprint', 'session']), action: z.enum(EDGE_ACTIONS), decidedAt: isoSchema, expiresAt: isoSchema, verdictId: z.string() })),
  topFingerprints: z.array(z.object({ ja4: z.string().nullable(), http: z.string(), h2: z.string().nullable(), verdicts: z.number().int(), bot: z.number().int() })),
});
export type EdgeOverview = z.infer<typeof edgeOverviewSchema>;
