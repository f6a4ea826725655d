// The change database over HTTP: changes as readers see them (revert secrets redacted), the
// timeline, suspects, the revert button and DORA figures. What clients send is
// `changeInputSchema` in src/common/changes.ts (it normalises refs, so it is input-only).
import { z } from 'zod';
import { CHANGE_KINDS, CHANGE_STATUSES } from '../changes.ts';
import { isoSchema, problemSchema, refSchema } from './shared.ts';

const revertViewSchema = z.union([
  z.object({
    webhook: z.object({
      method: z.string(),
      url: z.string(),
      /** Header names only: values are credentials, shown as `***`. */
      headers: z.record(z.string(), z.string()).optional(),
      body: z.string().optional(),
      /** `***` when a secret is set; never the secret. */
      secret: z.string().optional(),
    }),
  }),
  z.object({ action: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional() }),
]);

/** A stored change as every reader gets it. */
export const changeViewSchema = z.object({
  id: z.string(),
  entities: z.array(refSchema),
  kind: z.enum(CHANGE_KINDS),
  summary: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  previousVersion: z.string().optional(),
  actor: z.string().optional(),
  source: z.string(),
  externalId: z.string().optional(),
  environment: z.string(),
  startedAt: isoSchema,
  finishedAt: isoSchema.optional(),
  status: z.enum(CHANGE_STATUSES),
  automated: z.boolean(),
  links: z.array(z.object({ url: z.string(), title: z.string().optional() })).optional(),
  revert: revertViewSchema.optional(),
  postmortemUrl: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  commitAt: isoSchema.optional(),
  revertOf: z.string().optional(),
  eventTime: isoSchema.optional(),
  /** No entity in `entities` is in the catalog: kept for triage. */
  unmapped: z.boolean(),
});
export type ChangeView = z.infer<typeof changeViewSchema>;

export const changeListSchema = z.object({
  items: z.array(changeViewSchema),
  nextCursor: z.string().nullable(),
  /** With `withDependencies=true`: the entity and everything it needs, whose changes are listed. */
  entities: z.array(refSchema).optional(),
});
export type ChangeList = z.infer<typeof changeListSchema>;

const revertResultSchema = z.object({ ok: z.boolean(), status: z.number().optional(), response: z.string().optional(), error: z.string().optional(), durationMs: z.number() });

export const changeDetailSchema = changeViewSchema.extend({
  revertAttempt: z
    .object({
      state: z.string(),
      attempts: z.number(),
      by: z.string(),
      reason: z.string(),
      startedAt: isoSchema,
      finishedAt: isoSchema.nullable(),
      result: revertResultSchema.nullable(),
      revertChangeId: z.string().nullable(),
    })
    .nullable(),
});

/** `POST /changes` (one): what happened to it. */
export const recordOutcomeSchema = z.object({
  id: z.string(),
  /** False: an existing change with the same (source, externalId) was updated. */
  created: z.boolean(),
  /** False: a newer stored state was kept (an out-of-order delivery). */
  applied: z.boolean(),
  unmapped: z.boolean(),
  problems: z.array(problemSchema),
});
export const recordResponseSchema = z.union([z.object({ results: z.array(recordOutcomeSchema) }), recordOutcomeSchema]);

export const timelineSchema = z.object({
  from: isoSchema,
  to: isoSchema,
  bucket: z.enum(['hour', 'day']),
  buckets: z.array(z.object({ start: isoSchema, total: z.number(), byKind: z.record(z.string(), z.number()) })),
  changes: z.array(changeViewSchema),
  /** More changes in the range than one answer carries: the newest are counted and listed. */
  truncated: z.boolean(),
});
export type Timeline = z.infer<typeof timelineSchema>;

export const suspectSchema = z.object({
  score: z.number(),
  reasons: z.array(z.string()),
  /** Hops from the entity in trouble: 0 itself, 1 a direct dependency. */
  distance: z.number(),
  /** The entity through which the change relates to the problem. */
  via: refSchema.optional(),
  change: changeViewSchema,
});
export type Suspect = z.infer<typeof suspectSchema>;
export const suspectsSchema = z.object({
  entity: refSchema,
  at: isoSchema,
  windowMs: z.number(),
  dependencies: z.array(z.object({ ref: refSchema, distance: z.number() })),
  suspects: z.array(suspectSchema),
});
export type Suspects = z.infer<typeof suspectsSchema>;

export const revertBodySchema = z.object({ reason: z.string().trim().min(1, 'is required').max(1000), retry: z.boolean().default(false) });
export type RevertBody = z.input<typeof revertBodySchema>;
export const revertOutcomeSchema = z.object({
  state: z.enum(['succeeded', 'failed']),
  attempt: z.number(),
  result: revertResultSchema,
  revertChangeId: z.string().optional(),
});

export const doraFiguresSchema = z.object({
  deploymentFrequency: z.object({ perDay: z.number(), count: z.number() }),
  /** Failed, rolled back or reverted deploys ÷ finished deploys; null without any. */
  changeFailureRate: z.number().nullable(),
  leadTimeHours: z.object({ median: z.number(), p90: z.number() }).nullable(),
  timeToRestoreHours: z.object({ median: z.number() }).nullable(),
});
export type DoraFigures = z.infer<typeof doraFiguresSchema>;
export const doraReportSchema = z.object({
  team: refSchema.optional(),
  period: z.object({ from: isoSchema, to: isoSchema }),
  overall: doraFiguresSchema,
  services: z.array(z.object({ entity: refSchema, figures: doraFiguresSchema })),
});
export type DoraReport = z.infer<typeof doraReportSchema>;
