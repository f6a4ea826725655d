// Scorecards, report cards, history, why-diffs, evaluations, waivers and attestations over HTTP.
import { z } from 'zod';
import { instantSchema } from '../instant.ts';
import { EVIDENCE_OBJECT_KINDS } from '../evidence.ts';
import { distributionSchema, gradeSchema, isoSchema, itemsOf, pageOf, maybeGradeSchema, refSchema, requirementStateSchema } from './shared.ts';

/** Score thresholds per grade (`A+: 97, A: 90, …`); below every band is F. */
export const bandsSchema = z.record(z.string(), z.number());

export const scorecardSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  version: z.string(),
  /** `file` (a catalog source) or `api`. */
  source: z.string(),
  file: z.string().nullable(),
  updatedAt: isoSchema,
  /** The grade distribution: services per grade now (`none`: ungraded). */
  grades: distributionSchema,
});
export type ScorecardSummary = z.infer<typeof scorecardSummarySchema>;
export const scorecardListSchema = itemsOf(scorecardSummarySchema);

export const scorecardRequirementSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** How to pass. */
  description: z.string().nullable(),
  /** Why it matters. */
  rationale: z.string().nullable(),
  category: z.string(),
  weight: z.number(),
  /** While it fails, the grade is at most this. */
  gate: gradeSchema.nullable(),
  enforceFrom: z.string().nullable(),
  freshness: z.string().nullable(),
  checkType: z.string(),
  appliesTo: z.unknown().nullable(),
});
export type ScorecardRequirement = z.infer<typeof scorecardRequirementSchema>;

export const scorecardDetailSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  version: z.string(),
  source: z.string(),
  file: z.string().nullable(),
  appliesTo: z.unknown(),
  /** The grade bands. */
  grades: bandsSchema,
  warnCredit: z.number(),
  schedule: z.string().nullable(),
  requirements: z.array(scorecardRequirementSchema),
  versions: z.array(z.object({ version: z.string(), firstSeenAt: isoSchema })),
  distribution: distributionSchema,
});
export type ScorecardDetail = z.infer<typeof scorecardDetailSchema>;

export const scorecardResultsSchema = z.object({
  results: z.array(
    z.object({
      scorecard: z.string(),
      entity: refSchema,
      score: z.number().nullable(),
      grade: maybeGradeSchema,
      requirements: z.array(z.object({ id: z.string(), status: requirementStateSchema, message: z.string() })),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type ScorecardResults = z.infer<typeof scorecardResultsSchema>;

export const scorecardBodySchema = z.record(z.string(), z.unknown());
export const scorecardPutSchema = z.object({ name: z.string(), version: z.string(), changed: z.boolean() });

/**
 * What a requirement's result names, so the report card can link it instead of printing CEL:
 * an entity (`ref`), a dependency edge (`label` like `checkout → recommendations`, `ref` the far
 * end, `rule` the broken rule), a change (`ref` its id), a rule, or a `url`.
 */
export const evidenceObjectSchema = z.object({
  kind: z.enum(EVIDENCE_OBJECT_KINDS),
  label: z.string(),
  ref: z.string().optional(),
  url: z.string().optional(),
  rule: z.string().optional(),
});

export const waiverInfoSchema = z.object({ id: z.string(), reason: z.string(), approvedBy: z.string().nullable(), expiresAt: isoSchema });

export const requirementResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** How to pass (the scorecard's `description`). */
  description: z.string().nullable(),
  category: z.string(),
  rationale: z.string().nullable(),
  weight: z.number(),
  gate: gradeSchema.nullable(),
  state: requirementStateSchema,
  /** What was observed, in words. */
  message: z.string(),
  /** What was observed, as data; may hold `objects` (EvidenceObject[]) naming what to fix. */
  evidence: z.unknown(),
  /** A warn in its grace period (before `enforceFrom`): it costs nothing yet. */
  graced: z.boolean(),
  since: isoSchema,
  waiver: waiverInfoSchema.nullable(),
});
export type RequirementResult = z.infer<typeof requirementResultSchema>;

export const nextActionSchema = z.object({
  requirement: z.string(),
  title: z.string(),
  state: requirementStateSchema,
  graced: z.boolean().optional(),
  enforceFrom: z.string().optional(),
  /** Score points gained if this requirement alone passed. */
  points: z.number(),
  /** Its gate caps the grade now. */
  liftsGate: z.boolean(),
  gradeIfFixed: maybeGradeSchema,
});
export type NextAction = z.infer<typeof nextActionSchema>;

export const scorecardScoreSchema = z.object({
  scorecard: z.string(),
  title: z.string(),
  version: z.string(),
  score: z.number().nullable(),
  grade: maybeGradeSchema,
  since: isoSchema,
  nextGrade: maybeGradeSchema,
  pointsToNextGrade: z.number().nullable(),
  /** Failing requirements ranked by the points each would bring. */
  nextBestActions: z.array(nextActionSchema),
  requirements: z.array(requirementResultSchema),
});
export type ScorecardScore = z.infer<typeof scorecardScoreSchema>;
export const entityScoresSchema = z.object({ entity: refSchema, scorecards: z.array(scorecardScoreSchema) });
export type EntityScores = z.infer<typeof entityScoresSchema>;

export const gradeIntervalSchema = z.object({ score: z.number().nullable(), grade: maybeGradeSchema, version: z.string(), from: isoSchema, to: isoSchema.nullable() });
export type GradeInterval = z.infer<typeof gradeIntervalSchema>;
export const entityHistorySchema = z.object({
  entity: refSchema,
  scorecard: z.string(),
  /** The scorecard's bands now (for the chart's grade bands). */
  bands: bandsSchema,
  /** More than 5,000 intervals or changes in the range: the oldest are cut; narrow the range. */
  truncated: z.boolean(),
  grades: z.array(gradeIntervalSchema),
  requirementChanges: z.array(
    z.object({ requirement: z.string(), state: requirementStateSchema, message: z.string(), graced: z.boolean(), version: z.string(), from: isoSchema, to: isoSchema.nullable() }),
  ),
});
export type EntityHistory = z.infer<typeof entityHistorySchema>;

export const gradeAtSchema = z.object({
  entity: refSchema,
  scorecard: z.string(),
  at: isoSchema,
  score: z.number().nullable(),
  grade: maybeGradeSchema,
  version: z.string(),
  since: isoSchema,
  until: isoSchema.nullable(),
  requirements: z.array(z.object({ id: z.string(), state: requirementStateSchema, message: z.string(), graced: z.boolean() })),
});

const gradePointSchema = z.object({ grade: maybeGradeSchema, score: z.number().nullable(), version: z.string() });
export const whySchema = z.object({
  entity: refSchema,
  scorecard: z.string(),
  range: z.object({ from: isoSchema, to: isoSchema }),
  from: gradePointSchema,
  to: gradePointSchema,
  rubricChanged: z.boolean(),
  /** Points the rubric's changes moved; null when the old rubric is not stored. */
  rubricEffect: z.number().nullable(),
  serviceEffect: z.number().nullable(),
  rubricChanges: z.array(z.object({ requirement: z.string().nullable(), change: z.string(), before: z.unknown(), after: z.unknown(), pointsEffect: z.number().nullable() })),
  serviceChanges: z.array(
    z.object({
      requirement: z.string(),
      before: requirementStateSchema.nullable(),
      after: requirementStateSchema.nullable(),
      beforeGraced: z.boolean().optional(),
      afterGraced: z.boolean().optional(),
      pointsEffect: z.number().nullable(),
    }),
  ),
  summary: z.string(),
});
export type WhyDiff = z.infer<typeof whySchema>;

export const runSummarySchema = z.object({
  id: z.string(),
  scorecard: z.string(),
  version: z.string(),
  trigger: z.string(),
  status: z.enum(['ok', 'failed']),
  startedAt: isoSchema,
  finishedAt: isoSchema,
  entities: z.number(),
  changed: z.number(),
  errors: z.number(),
  gradeChanges: z.number(),
  failure: z.string().optional(),
});
export const runsSchema = z.object({ runs: z.array(runSummarySchema) });
export const evaluationBodySchema = z
  .strictObject({
    scorecard: z.string().min(1).max(100).optional(),
    entities: z.array(z.string().min(1).max(400)).min(1).max(1000).optional().describe('entity refs; a bare name means a Component'),
  })
  .prefault({});
export const evaluationRunListSchema = pageOf(
  z.object({ id: z.string(), scorecard: z.string(), trigger: z.string(), status: z.string(), startedAt: isoSchema, finishedAt: isoSchema.nullable(), entities: z.number(), changed: z.number(), errors: z.number() }),
);

export const WAIVER_STATUSES = ['requested', 'approved', 'rejected'] as const;
export const waiverSchema = z.object({
  id: z.string(),
  entity: refSchema,
  scorecard: z.string(),
  requirement: z.string(),
  reason: z.string(),
  status: z.enum(WAIVER_STATUSES),
  requestedBy: z.string(),
  requestedAt: isoSchema,
  decidedBy: z.string().nullable(),
  decidedAt: isoSchema.nullable(),
  expiresAt: isoSchema,
});
export type Waiver = z.infer<typeof waiverSchema>;
/** In lists: `active` = approved and not expired (it exempts the requirement now). */
export const waiverListSchema = pageOf(waiverSchema.extend({ active: z.boolean() }));
export type WaiverListItem = z.infer<typeof waiverListSchema>['items'][number];
export const waiverDecisionSchema = waiverSchema.extend({ runs: z.array(runSummarySchema) });

const scorecardName = z.string().min(1).max(100);
/** `POST /waivers` (any valid token): why, and until when. The server bounds the expiry (scorecards.waiverMaxDays). */
export const waiverBodySchema = z.strictObject({
  entity: z.string().min(1).max(400),
  scorecard: scorecardName,
  requirement: z.string().min(1).max(100),
  reason: z.string().trim().min(3).max(2000),
  expiresAt: instantSchema,
});
export type WaiverBody = z.input<typeof waiverBodySchema>;

/** `POST /attestations` (editor): a person vouches for a `manual` requirement until `expiresAt`. */
export const attestationBodySchema = z.strictObject({
  entity: z.string().min(1).max(400),
  scorecard: scorecardName,
  requirement: z.string().min(1).max(100),
  passed: z.boolean(),
  note: z.string().max(2000).optional(),
  expiresAt: instantSchema,
});
export type AttestationBody = z.input<typeof attestationBodySchema>;
export const attestationSchema = z.object({
  entity: refSchema,
  scorecard: z.string(),
  requirement: z.string(),
  passed: z.boolean(),
  note: z.string().optional(),
  expiresAt: isoSchema,
  attestedBy: z.string(),
  runs: z.array(runSummarySchema),
});
