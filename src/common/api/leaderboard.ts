// The public leaderboard, most improved and HackDays over HTTP (docs/leaderboard.md).
import { z } from 'zod';
import { distributionSchema, isoSchema, itemsOf, maybeGradeSchema, refSchema } from './shared.ts';

export const serviceLineSchema = z.object({
  /** Position on the whole leaderboard: filters never renumber it. */
  rank: z.number(),
  ref: refSchema,
  name: z.string(),
  title: z.string().nullable(),
  owner: refSchema.nullable(),
  system: refSchema.nullable(),
  tier: z.number().nullable(),
  score: z.number().nullable(),
  grade: maybeGradeSchema,
  /** Score now − score 7 (30) days ago; null when either is missing. */
  trend7d: z.number().nullable(),
  trend30d: z.number().nullable(),
});
export type ServiceLine = z.infer<typeof serviceLineSchema>;

export const teamLineSchema = z.object({
  /** Position among the teams in scope (a system or tier filter re-scores the teams). */
  rank: z.number(),
  ref: refSchema,
  name: z.string(),
  /** The Group's display name (`spec.profile.displayName`, else `metadata.title`), when it has one. */
  title: z.string().nullable(),
  score: z.number().nullable(),
  grade: maybeGradeSchema,
  services: z.number(),
  fServices: z.number(),
});
export type TeamLine = z.infer<typeof teamLineSchema>;

export const hackdaySummarySchema = z.object({ name: z.string(), title: z.string().nullable(), startsAt: isoSchema, endsAt: isoSchema });
export type HackdaySummary = z.infer<typeof hackdaySummarySchema>;

export const leaderboardSchema = z.object({
  scorecard: z.string().nullable(),
  /** Services matching the filters; `services` is the page [offset, offset + limit). */
  total: z.number(),
  services: z.array(serviceLineSchema),
  teams: z.array(teamLineSchema),
  distribution: distributionSchema,
  hackday: hackdaySummarySchema.nullable(),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

/** `GET /leaderboard/services?refs=`: the board's lines of a few services (a report card's dependencies). */
export const boardLinesSchema = z.object({ scorecard: z.string().nullable(), services: z.array(serviceLineSchema) });
export type BoardLines = z.infer<typeof boardLinesSchema>;
export const MAX_LINE_REFS = 200;

const scoreGradeSchema = z.object({ score: z.number().nullable(), grade: maybeGradeSchema });
export const improvementSchema = z.object({
  rank: z.number(),
  ref: refSchema,
  name: z.string(),
  /** Null when there was no score at the start (newly graded). */
  pointsGained: z.number().nullable(),
  requirementsFixed: z.number(),
  gradesGained: z.number().nullable(),
  from: scoreGradeSchema,
  to: scoreGradeSchema,
});
export type Improvement = z.infer<typeof improvementSchema>;
export const mostImprovedSchema = z.object({
  scorecard: z.string().nullable(),
  from: isoSchema,
  to: isoSchema,
  services: z.array(improvementSchema),
  teams: z.array(improvementSchema),
});
export type MostImproved = z.infer<typeof mostImprovedSchema>;

export const hackdayViewSchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  startsAt: isoSchema,
  endsAt: isoSchema,
  scope: z.object({ teams: z.array(refSchema).optional(), systems: z.array(refSchema).optional(), services: z.array(refSchema).optional() }),
  scorecard: z.string().nullable(),
  status: z.enum(['upcoming', 'running', 'finished']),
  source: z.string(),
});
export const hackdayListSchema = itemsOf(hackdayViewSchema);
export const hackdaySchema = hackdayViewSchema.extend({
  /** Finished and its results stored: they no longer change. */
  frozen: z.boolean(),
  results: mostImprovedSchema.nullable(),
});
export type Hackday = z.infer<typeof hackdaySchema>;
export const hackdayBodySchema = z.record(z.string(), z.unknown());

/** GET /api/v1/leaderboard/distribution-history: the grade distribution at `to` and every step before it. */
export const distributionHistorySchema = z.object({
  scorecard: z.string().nullable(),
  scope: z.object({ team: refSchema.nullable(), system: refSchema.nullable(), tier: z.number().nullable() }),
  from: isoSchema,
  to: isoSchema,
  stepMs: z.number(),
  /** Services in scope (the catalog's now). */
  services: z.number(),
  points: z.array(z.object({ at: isoSchema, distribution: distributionSchema, score: z.number().nullable(), grade: maybeGradeSchema })),
});
export type DistributionHistory = z.infer<typeof distributionHistorySchema>;
