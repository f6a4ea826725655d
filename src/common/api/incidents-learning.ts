// Incidents over HTTP, the rest: follow-ups, postmortems, drills, statistics, and the composite
// answers of the incident page (suspects, mitigation aids). Isomorphic, like incidents.ts.
import { z } from 'zod';
import { entityRefSchema } from '../changes.ts';
import { instantSchema } from '../instant.ts';
import { hypothesisViewSchema, incidentViewSchema, workstreamViewSchema } from './incidents.ts';

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const iso = z.string().describe('ISO-8601 time');
const version = z.number().int().min(1).describe('the version you read; a stale one is a 409');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');

export const FOLLOW_UP_KINDS = ['detection', 'escalation', 'recovery', 'prevention'] as const;
export const FOLLOW_UP_STATUSES = ['open', 'done', 'wont-do'] as const;
export const POSTMORTEM_STATES = ['required', 'draft', 'published'] as const;
export const DRILL_KINDS = ['outage', 'hit-by-the-bus', 'restore', 'chat-down'] as const;
export const DRILL_STATES = ['scheduled', 'running', 'done', 'cancelled'] as const;

export const followUpCreateSchema = z.strictObject({ kind: z.enum(FOLLOW_UP_KINDS), title: text(300), owner: text(200), dueDate: day, trackerUrl: z.url({ protocol: /^https?$/ }).max(2048).optional() });
export const followUpPatchSchema = z.strictObject({
  version,
  title: text(300).optional(),
  owner: text(200).optional(),
  dueDate: day.optional(),
  trackerUrl: z.url({ protocol: /^https?$/ }).max(2048).nullable().optional(),
  status: z.enum(FOLLOW_UP_STATUSES).optional(),
});
export const followUpViewSchema = z.object({
  id: z.string(),
  postmortemId: z.string(),
  kind: z.enum(FOLLOW_UP_KINDS),
  title: z.string(),
  owner: z.string(),
  dueDate: z.string(),
  trackerUrl: z.string().nullable(),
  status: z.enum(FOLLOW_UP_STATUSES),
  overdue: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
  version: z.number(),
});
export type FollowUpView = z.infer<typeof followUpViewSchema>;

export const POSTMORTEM_SECTIONS = ['summary', 'impact', 'timeline', 'contributingFactors', 'wentWell', 'wentBadly'] as const;
const sections = Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, z.string().max(50_000).optional()])) as Record<(typeof POSTMORTEM_SECTIONS)[number], z.ZodOptional<z.ZodString>>;
export const postmortemPatchSchema = z.strictObject({
  version,
  ...sections,
  /** "None needed", and why: closes without follow-ups. null clears it. */
  noFollowUpsReason: text(1000).nullable().optional(),
  state: z.enum(['draft', 'published']).optional(),
});
export const postmortemViewSchema = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  incidentRef: z.string().nullable(),
  changeId: z.string().nullable(),
  title: z.string(),
  services: z.array(z.string()),
  /** Why it is required: an incident, or a failed automated deploy. */
  reason: z.string(),
  state: z.enum(POSTMORTEM_STATES),
  sections: z.object(Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, z.string()])) as Record<(typeof POSTMORTEM_SECTIONS)[number], z.ZodString>),
  noFollowUpsReason: z.string().nullable(),
  followUps: z.array(followUpViewSchema),
  createdAt: iso,
  updatedAt: iso,
  publishedAt: iso.nullable(),
  version: z.number(),
});
export type PostmortemView = z.infer<typeof postmortemViewSchema>;
export const postmortemListSchema = z.object({ items: z.array(postmortemViewSchema.omit({ sections: true, followUps: true }).extend({ followUpCount: z.number() })), nextCursor: z.string().nullable() });

export const drillCreateSchema = z.strictObject({ kind: z.enum(DRILL_KINDS), title: text(200).optional(), services: z.array(entityRefSchema).min(1).max(20), scheduledAt: instantSchema, severity: z.string().trim().min(1).max(20).optional() });
export const drillOutcomeSchema = z.strictObject({ version, ok: z.boolean(), notes: text(5000) });
export const drillViewSchema = z.object({
  id: z.string(),
  kind: z.enum(DRILL_KINDS),
  title: z.string(),
  services: z.array(z.string()),
  scheduledAt: iso,
  state: z.enum(DRILL_STATES),
  incidentId: z.string().nullable(),
  incidentRef: z.string().nullable(),
  outcome: z.object({ ok: z.boolean(), notes: z.string(), by: z.string(), at: iso }).nullable(),
  createdBy: z.string(),
  version: z.number(),
});
export type DrillView = z.infer<typeof drillViewSchema>;
export const drillListSchema = z.object({ items: z.array(drillViewSchema) });

const figure = z.object({ median: z.number(), p90: z.number() }).nullable();
export const statsViewSchema = z.object({
  scope: z.object({ entity: z.string().optional(), team: z.string().optional(), services: z.array(z.string()) }),
  period: z.object({ from: iso, to: iso }),
  count: z.number(),
  bySeverity: z.record(z.string(), z.number()),
  minutes: z.object({ toDetect: figure, toMitigate: figure, toResolve: figure }),
  /** One bucket per week: incidents by severity and median minutes to resolve. */
  weeks: z.array(z.object({ start: iso, bySeverity: z.record(z.string(), z.number()), toResolveMedian: z.number().nullable() })),
});
export type StatsView = z.infer<typeof statsViewSchema>;

const suspectChange = z.object({ id: z.string(), summary: z.string(), kind: z.string(), status: z.string(), entities: z.array(z.string()), startedAt: iso, finishedAt: iso.optional(), actor: z.string().optional(), version: z.string().optional(), revertable: z.boolean() });
export const suspectsViewSchema = z.object({
  /** The moment looked back from: impactStartedAt, else detectedAt. */
  at: iso,
  windowMs: z.number(),
  candidates: z.array(z.object({ kind: z.enum(['alert', 'change', 'errors', 'detected']), at: iso, label: z.string() })),
  suspects: z.array(z.object({ score: z.number(), reasons: z.array(z.string()), distance: z.number(), via: z.string(), change: suspectChange, cause: z.boolean(), revert: z.object({ state: z.string(), by: z.string(), at: iso }).nullable() })),
});
export type SuspectsView = z.infer<typeof suspectsViewSchema>;

const related = z.array(z.object({ ref: z.string(), distance: z.number() }));
export const aidsViewSchema = z.object({
  services: z.array(z.object({
    ref: z.string(),
    title: z.string(),
    statusUrl: z.string().nullable(),
    runbookUrl: z.string().nullable(),
    dashboardUrl: z.string().nullable(),
    controls: z.array(z.object({ name: z.string(), url: z.string() })),
    /** Blast radius: who depends on it (up to 3 hops), and what it depends on. */
    dependents: related,
    dependencies: related,
  })),
  checklist: z.array(z.object({ id: z.string(), title: z.string(), hint: z.string() })),
});
export type AidsView = z.infer<typeof aidsViewSchema>;
export const statusViewSchema = z.object({ service: z.string(), url: z.string().nullable(), ok: z.boolean(), status: z.number().nullable(), latencyMs: z.number().nullable(), body: z.string().nullable(), error: z.string().nullable(), fetchedAt: iso });

export const incidentPageSchema = z.object({
  incident: incidentViewSchema,
  hypotheses: z.array(hypothesisViewSchema),
  workstreams: z.array(workstreamViewSchema),
  postmortem: postmortemViewSchema,
  /** Asked before the first hypothesis is confirmed: is there a second one? */
  prompts: z.array(z.string()),
});
export type IncidentPage = z.infer<typeof incidentPageSchema>;
