// Incidents over HTTP: what clients send (declare, edit with a version, transitions, impact,
// roles, notes, comms) and what they get back (the incident, its page, the timeline).
// Isomorphic: the server's routes, the CLI and the web UI (types only) share these shapes.
// Follow-ups, postmortems, drills and statistics: incidents-learning.ts.
import { z } from 'zod';
import { entityRefSchema } from '../changes.ts';
import { instantSchema } from '../instant.ts';

export const INCIDENT_STATES = ['investigating', 'identified', 'mitigating', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export const ACTIVE_STATES: readonly IncidentState[] = ['investigating', 'identified', 'mitigating', 'monitoring'];

export const IMPACT_LEVELS = ['degraded', 'partly-down', 'down'] as const;
export const CONFIRMATION_METHODS = ['metric', 'status-page', 'customer-report'] as const;
export const ROLES = ['manager', 'comms', 'responder'] as const;
export type IncidentRole = (typeof ROLES)[number];
export const DECLARED_VIA = ['web', 'api', 'cli', 'chat', 'alert', 'page', 'drill'] as const;
export const FAILOVER_KINDS = ['email', 'webhook', 'status-page'] as const;

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048);
const version = z.number().int().min(1).describe('the version you read; a stale one is a 409');
export const severitySchema = z.string().trim().min(1).max(20).describe('a level from incidents.severities, e.g. SEV2');

export const impactSchema = z.strictObject({
  users: z
    .strictObject({
      count: z.number().int().min(0).max(10_000_000_000).optional(),
      percent: z.number().min(0).max(100).optional(),
      /** Where the figure came from: a dashboard, a query, support tickets. */
      source: text(300),
    })
    .refine((u) => (u.count === undefined) !== (u.percent === undefined), { message: 'give either count or percent (one of them)' }),
  capabilities: z.array(z.strictObject({ name: text(100), level: z.enum(IMPACT_LEVELS) })).min(1, 'name at least one affected capability').max(20),
});
export type Impact = z.infer<typeof impactSchema>;

export const failoverSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('email'), to: z.array(z.email().max(300)).min(1).max(20) }),
  z.strictObject({ kind: z.literal('webhook'), url: httpUrl }),
  z.strictObject({ kind: z.literal('status-page') }),
]);
export type Failover = z.infer<typeof failoverSchema>;

export const alertLinkSchema = z.strictObject({ url: httpUrl, title: text(200).optional(), firedAt: instantSchema });

export const declareSchema = z.strictObject({
  title: text(200),
  severity: severitySchema,
  services: z.array(entityRefSchema).max(20).default([]),
  impactStartedAt: instantSchema.optional(),
  detectedAt: instantSchema.optional(),
  /** Where it was declared from; a firing alert or a page keeps its link. */
  source: z.strictObject({ via: z.enum(DECLARED_VIA).default('api'), url: httpUrl.optional(), title: text(200).optional(), firedAt: instantSchema.optional() }).optional(),
  alerts: z.array(alertLinkSchema).max(20).optional(),
  impact: impactSchema.optional(),
  chatChannel: text(100).optional(),
  failover: failoverSchema.optional(),
  /** Yourself as the first incident manager (default true). */
  takeManager: z.boolean().default(true),
});
export type DeclareInput = z.input<typeof declareSchema>;

export const patchSchema = z
  .strictObject({
    version,
    title: text(200).optional(),
    severity: severitySchema.optional(),
    services: z.array(entityRefSchema).max(20).optional(),
    impactStartedAt: instantSchema.optional(),
    detectedAt: instantSchema.optional(),
    mitigatedAt: instantSchema.optional(),
    chatChannel: text(100).nullable().optional(),
    failover: failoverSchema.optional(),
    /** Asked for only once the incident is resolved. */
    rootCause: text(5000).optional(),
  })
  .refine((p) => Object.keys(p).length > 1, { message: 'nothing to change besides version' });
export type PatchInput = z.input<typeof patchSchema>;

export const confirmationSchema = z.strictObject({
  how: z.enum(CONFIRMATION_METHODS),
  evidence: text(1000).describe('what showed it: the metric, the status page, the customer'),
  /** Who confirmed; default the caller. */
  by: text(200).optional(),
});

export const stateSchema = z.strictObject({ version, state: z.enum(INCIDENT_STATES), confirmation: confirmationSchema.optional(), note: text(2000).optional() });
export const impactBodySchema = z.strictObject({ version, impact: impactSchema });
export const roleSchema = z.strictObject({ role: z.enum(ROLES), person: text(200), version: version.optional() });
export const noteSchema = z.strictObject({ text: text(5000), happenedAt: instantSchema.optional().describe('when it happened, if earlier than now') });
export const announcementSchema = z.strictObject({ text: text(3000) });
export const hypothesisCreateSchema = z.strictObject({ text: text(1000) });
export const HYPOTHESIS_STATES = ['open', 'ruled-out', 'confirmed'] as const;
export const hypothesisPatchSchema = z.strictObject({ version, state: z.enum(HYPOTHESIS_STATES).optional(), evidence: text(2000).optional(), text: text(1000).optional() });
export const WORKSTREAM_STATUSES = ['active', 'blocked', 'done'] as const;
export const workstreamCreateSchema = z.strictObject({ goal: text(300), owner: text(200), status: z.enum(WORKSTREAM_STATUSES).default('active') });
export const workstreamPatchSchema = z.strictObject({ version, goal: text(300).optional(), owner: text(200).optional(), status: z.enum(WORKSTREAM_STATUSES).optional() });
export const revertSchema = z.strictObject({ reason: text(1000), retry: z.boolean().default(false) });
export const controlSchema = z.strictObject({ service: entityRefSchema, control: text(200), action: text(1000) });
export const subscriberSchema = z.strictObject({ address: z.email().max(300) });

// ── responses ──────────────────────────────────────────────────────────────
const iso = z.string().describe('ISO-8601 time');
const person = z.object({ id: z.string(), person: z.string(), since: iso, by: z.string() });

export const incidentViewSchema = z.object({
  id: z.string(),
  number: z.number(),
  ref: z.string().describe('INC-<number>'),
  title: z.string(),
  severity: z.string(),
  severityMeaning: z.string().nullable(),
  state: z.enum(INCIDENT_STATES),
  drill: z.object({ id: z.string(), kind: z.string() }).nullable(),
  services: z.array(z.string()),
  times: z.object({ impactStartedAt: iso.nullable(), detectedAt: iso, declaredAt: iso, mitigatedAt: iso.nullable(), resolvedAt: iso.nullable(), closedAt: iso.nullable() }),
  durations: z.object({ toDetectMinutes: z.number().nullable(), toMitigateMinutes: z.number().nullable(), toResolveMinutes: z.number().nullable(), elapsedMinutes: z.number() }),
  impact: impactSchema.extend({ assessedAt: iso, assessedBy: z.string() }).nullable(),
  roles: z.object({ manager: person.nullable(), comms: person.nullable(), responders: z.array(person) }),
  source: z.object({ via: z.enum(DECLARED_VIA), url: z.string().optional(), title: z.string().optional(), firedAt: iso.optional() }),
  alerts: z.array(z.object({ url: z.string(), title: z.string().optional(), firedAt: iso })),
  comms: z.object({ chatChannel: z.string().nullable(), failover: failoverSchema, updateEveryMinutes: z.number().nullable(), lastUpdateAt: iso.nullable(), updateDueAt: iso.nullable(), updateOverdue: z.boolean() }),
  confirmation: z.object({ how: z.enum(CONFIRMATION_METHODS), evidence: z.string(), by: z.string(), at: iso }).nullable(),
  rootCause: z.string().nullable(),
  version: z.number(),
  createdBy: z.string(),
  updatedAt: iso,
  url: z.string(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

export const hypothesisViewSchema = z.object({ id: z.string(), text: z.string(), state: z.enum(HYPOTHESIS_STATES), evidence: z.string().nullable(), createdBy: z.string(), createdAt: iso, updatedAt: iso, version: z.number() });
export type HypothesisView = z.infer<typeof hypothesisViewSchema>;
export const workstreamViewSchema = z.object({ id: z.string(), goal: z.string(), owner: z.string(), status: z.enum(WORKSTREAM_STATUSES), createdAt: iso, updatedAt: iso, version: z.number() });
export type WorkstreamView = z.infer<typeof workstreamViewSchema>;

export const timelineEntrySchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** When it happened (a note about something earlier keeps that time). */
  at: iso,
  /** When it was written down, and by whom. */
  recordedAt: iso,
  author: z.string(),
  text: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export const timelinePageSchema = z.object({ items: z.array(timelineEntrySchema), nextCursor: z.string().nullable(), total: z.number() });

export const incidentListSchema = z.object({ items: z.array(incidentViewSchema), nextCursor: z.string().nullable() });

export const deliveryViewSchema = z.object({ messageId: z.string(), title: z.string(), kind: z.string(), target: z.string(), fallback: z.boolean(), status: z.enum(['pending', 'delivered', 'failed']), attempts: z.number(), lastError: z.string().nullable(), createdAt: iso, deliveredAt: iso.nullable() });
export const commsViewSchema = z.object({
  /** Which channel carries the announcements now: `chat`, or the failover's kind while chat fails. */
  live: z.string(),
  chatChannel: z.string().nullable(),
  failover: failoverSchema,
  subscribers: z.array(z.string()),
  deliveries: z.array(deliveryViewSchema),
});
export type CommsView = z.infer<typeof commsViewSchema>;

export const severityViewSchema = z.object({ level: z.string(), meaning: z.string(), updateEveryMinutes: z.number().nullable() });
export const severitiesSchema = z.object({ items: z.array(severityViewSchema) });

/** GET /api/v1/status-page: the public status page's content (also rendered as HTML at /status-page). */
export const statusPageSchema = z.object({
  title: z.string(),
  generatedAt: z.string(),
  incidents: z.array(
    z.object({
      ref: z.string(),
      title: z.string(),
      severity: z.string(),
      state: z.string(),
      services: z.array(z.string()),
      declaredAt: z.string(),
      resolvedAt: z.string().nullable(),
      announcements: z.array(z.object({ at: z.string(), text: z.string() })),
    }),
  ),
});

/** The answer to a Slack slash command or button: Slack shows `text` (and `blocks`) in the channel or to the caller alone. */
export const chatReplySchema = z.object({
  response_type: z.enum(['in_channel', 'ephemeral']),
  text: z.string(),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
});
