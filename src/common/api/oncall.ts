// On-call over HTTP: rotations and who is on call, shifts and overrides, pages (triggered →
// acknowledged → resolved), alerts that matched no rotation, personal contact rules, and what
// the alert endpoints answer. Isomorphic: the server's routes, the CLI and the web UI share these.
import { z } from 'zod';

export const PAGE_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];
export const CONTACT_CHANNELS = ['email', 'chat', 'webhook'] as const;

export const personSchema = z.object({ ref: z.string(), name: z.string(), email: z.string().nullable() });
export type Person = z.infer<typeof personSchema>;

export const shiftSchema = z.object({
  start: z.string(),
  end: z.string(),
  person: personSchema,
  layer: z.string(),
  /** Set when an override put this person here. */
  override: z.object({ covers: z.string().nullable(), by: z.string() }).nullable(),
});
export type Shift = z.infer<typeof shiftSchema>;

export const rotationSummarySchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  owner: z.string(),
  timeZone: z.string(),
  origin: z.enum(['sources', 'api']),
  file: z.string().nullable(),
  layers: z.array(z.object({ name: z.string(), members: z.array(z.string()), shift: z.string(), handoff: z.string(), timeZone: z.string() })),
  services: z.array(z.string()),
  /** Right now: the shift in force, or null in a gap. */
  now: shiftSchema.nullable(),
  next: shiftSchema.nullable(),
  escalation: z.object({ levels: z.array(z.object({ notify: z.array(z.string()), afterMinutes: z.number() })), repeat: z.number() }),
  calendarUrl: z.string(),
});
export type RotationSummary = z.infer<typeof rotationSummarySchema>;
export const rotationListSchema = z.object({ items: z.array(rotationSummarySchema) });

export const shiftsSchema = z.object({
  rotation: z.string(),
  from: z.string(),
  to: z.string(),
  shifts: z.array(shiftSchema),
  /** Stretches nobody covers. */
  gaps: z.array(z.object({ start: z.string(), end: z.string() })),
});
export type Shifts = z.infer<typeof shiftsSchema>;

export const overrideBodySchema = z.strictObject({
  user: z.string().min(1).max(200).describe('the person on call instead: a User name or ref'),
  covers: z.string().min(1).max(200).optional().describe('the person covered; absent: whoever is on call'),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});
export const overrideSchema = z.object({ id: z.string(), rotation: z.string(), user: z.string(), covers: z.string().nullable(), from: z.string(), to: z.string(), createdBy: z.string(), createdAt: z.string() });
export const overrideListSchema = z.object({ items: z.array(overrideSchema) });

export const pageEventSchema = z.object({ at: z.string(), kind: z.string(), text: z.string(), actor: z.string() });
export const pageSchema = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  details: z.string(),
  status: z.enum(PAGE_STATUSES),
  origin: z.string(),
  dedupKey: z.string(),
  service: z.string().nullable(),
  rotation: z.string(),
  level: z.number(),
  round: z.number(),
  assignees: z.array(personSchema),
  labels: z.record(z.string(), z.string()),
  triggeredAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  escalations: z.number(),
  offHours: z.boolean(),
  /** When the next escalation is due, while triggered. */
  nextEscalationAt: z.string().nullable(),
  /** The incident this page became (INC-7), if any. */
  incident: z.string().nullable(),
});
export type Page = z.infer<typeof pageSchema>;
export const pageListSchema = z.object({ items: z.array(pageSchema), nextCursor: z.string().nullable() });
export const pageDetailSchema = z.object({ page: pageSchema, events: z.array(pageEventSchema) });
export type PageDetail = z.infer<typeof pageDetailSchema>;

export const pageIncidentBodySchema = z.strictObject({
  severity: z.string().trim().min(1).max(20).optional().describe('a level from incidents.severities; the second level by default'),
  title: z.string().trim().min(1).max(200).optional().describe("the page's title by default"),
});

export const unroutedSchema = z.object({ id: z.string(), receivedAt: z.string(), origin: z.string(), dedupKey: z.string(), title: z.string(), labels: z.record(z.string(), z.string()), reason: z.string() });
export const unroutedListSchema = z.object({ items: z.array(unroutedSchema), nextCursor: z.string().nullable() });

export const ackBodySchema = z.strictObject({ token: z.string().min(10).max(2000) });
export const ackLinkInfoSchema = z.object({ page: pageSchema, person: personSchema, expiresAt: z.string() });

export const contactRuleSchema = z.strictObject({
  channel: z.enum(CONTACT_CHANNELS),
  /** An address, a chat channel or user id (C0123, U0123), or an https URL. */
  to: z.string().min(1).max(500),
  afterMinutes: z.number().int().min(0).max(24 * 60).default(0),
});
export type ContactRule = z.infer<typeof contactRuleSchema>;
export const contactBodySchema = z.strictObject({ rules: z.array(contactRuleSchema).min(1).max(10), timeZone: z.string().max(100).optional() });
export const contactSchema = z.object({ user: z.string(), rules: z.array(z.object({ channel: z.enum(CONTACT_CHANNELS), to: z.string(), afterMinutes: z.number() })), timeZone: z.string().nullable(), default: z.boolean() });

export const intakeResultSchema = z.object({
  /** Pages opened, found open (a repeat: not paged again), acknowledged, resolved; alerts that matched no rotation. */
  triggered: z.array(z.string()),
  deduplicated: z.array(z.string()),
  acknowledged: z.array(z.string()),
  resolved: z.array(z.string()),
  unrouted: z.array(z.object({ dedupKey: z.string(), reason: z.string() })),
});
export type IntakeResult = z.infer<typeof intakeResultSchema>;
export const eventsAcceptedSchema = z.object({ status: z.literal('success'), message: z.string(), dedup_key: z.string() });

export const oncallNowSchema = z.object({
  at: z.string(),
  teams: z.array(z.object({ team: z.string(), teamName: z.string(), rotations: z.array(z.object({ name: z.string(), title: z.string().nullable(), now: shiftSchema.nullable(), next: shiftSchema.nullable(), services: z.array(z.string()) })) })),
});
export type OncallNow = z.infer<typeof oncallNowSchema>;

/** Load and fatigue of one rotation: its health over the next 28 days and its load over the last `windowDays`. */
export const rotationStatsSchema = z.object({
  health: z.object({
    rotation: z.string(), people: z.number(), members: z.array(z.string()), gaps: z.array(z.object({ start: z.string(), end: z.string() })), gapHours: z.number(),
    shiftsPerPerson: z.array(z.object({ user: z.string(), shifts: z.number(), hours: z.number() })),
    doubleBooked: z.array(z.object({ user: z.string(), other: z.string(), start: z.string(), end: z.string() })),
  }),
  load: z.object({
    rotation: z.string(), windowDays: z.number(), pages: z.number(), pagesPerWeek: z.number(), offHoursPages: z.number(), escalations: z.number(), medianMinutesToAck: z.number().nullable(),
    shiftStarts: z.number(), shiftStartAckRate: z.number().nullable(), shiftStartMedianMinutesToAck: z.number().nullable(), pagesPerShift: z.number().nullable(),
    perPerson: z.array(z.object({ user: z.string(), pages: z.number(), offHours: z.number(), hoursOnCall: z.number() })),
    noisiest: z.array(z.object({ title: z.string(), pages: z.number() })),
  }),
});

const rotationLoadSchema = rotationStatsSchema.shape.load;
export const teamLoadSchema = z.object({
  team: z.string(),
  windowDays: z.number(),
  rotations: z.array(rotationLoadSchema),
  pages: z.number(),
  pagesPerWeek: z.number(),
  offHoursPages: z.number(),
  escalations: z.number(),
  medianMinutesToAck: z.number().nullable(),
  /** Hours on call per person, scaled to 30 days (the mean over the team's people). */
  hoursOnCallPerMonth: z.number(),
  perPerson: z.array(z.object({ user: z.string(), pages: z.number(), offHours: z.number(), hoursOnCall: z.number(), hoursPerMonth: z.number(), medianMinutesToAck: z.number().nullable() })),
  weekly: z.array(z.object({ start: z.string(), pages: z.number(), offHours: z.number() })),
  noisiest: z.array(z.object({ title: z.string(), pages: z.number() })),
});
export type TeamLoad = z.infer<typeof teamLoadSchema>;
