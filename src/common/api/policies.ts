// Policies and what a grade means over HTTP: deploy decisions, break-glass, build priority,
// SRE support, and the reports on them (docs/policies.md).
import { z } from 'zod';
import { gradeSchema, isoSchema, maybeGradeSchema, problemSchema, refSchema } from './shared.ts';

export const SUPPORT_LEVELS = ['full', 'best-effort', 'none'] as const;

/** A grade's deploy rule as written: always, never, or weekly windows in the policy's time zone. */
export const deployRuleSchema = z.union([
  z.enum(['always', 'never']),
  z.object({ windows: z.array(z.object({ days: z.array(z.string()), from: z.string(), to: z.string() })) }),
]);
export type DeployRule = z.infer<typeof deployRuleSchema>;
export const gradeRuleSchema = z.object({ deploy: deployRuleSchema, buildPriority: z.number(), support: z.enum(SUPPORT_LEVELS) });
export type GradeRule = z.infer<typeof gradeRuleSchema>;
export const freezeSchema = z.object({ name: z.string(), from: z.string(), to: z.string(), exempt: z.array(gradeSchema).optional(), reason: z.string().optional() });
export type Freeze = z.infer<typeof freezeSchema>;

/** The Policy document as it was loaded (tally.dev/v1). */
export const policyDocumentSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name: z.string(), title: z.string().optional(), description: z.string().optional() }),
  spec: z.looseObject({
    scorecard: z.string(),
    timeZone: z.string(),
    ungraded: z.string().optional(),
    grades: z.record(z.string(), gradeRuleSchema),
    freezes: z.array(freezeSchema).optional(),
    /** Requirement ids: deploys are denied while one of them fails (e.g. an spent error budget). */
    denyWhileFailing: z.array(z.string()).optional(),
  }),
});

export const policySchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  scorecard: z.string(),
  timeZone: z.string(),
  /** How a service without a grade is treated: as a grade letter, or always `allow` / `deny` deploys. */
  ungraded: z.string(),
  source: z.string(),
  file: z.string().nullable(),
  doc: z.number().nullable(),
  updatedAt: isoSchema,
  document: policyDocumentSchema,
});
export type Policy = z.infer<typeof policySchema>;
export const policiesSchema = z.object({
  policies: z.array(policySchema),
  /** The last load from the sources: its status and problems (a bad policy keeps the previous one). */
  lastLoad: z.object({ status: z.string().nullable(), at: isoSchema.nullable(), problems: z.array(problemSchema) }),
});
export type Policies = z.infer<typeof policiesSchema>;
export const policyBodySchema = z.record(z.string(), z.unknown());
export const policyPutSchema = z.object({ name: z.string(), scorecard: z.string(), timeZone: z.string() });

export const deployDecisionSchema = z.object({
  allowed: z.boolean(),
  grade: maybeGradeSchema,
  reason: z.string(),
  /** The deciding rule, e.g. `grade B: mon-fri 06:00-22:00 Europe/Amsterdam`. */
  rule: z.string(),
  /** When deploys open next; null when open now or nothing opens within a year. */
  nextWindowStart: isoSchema.nullable(),
  policy: z.string(),
  /** false for a preview (preview=true, or no token): nothing was written to the decision log. */
  logged: z.boolean(),
});
export type DeployDecision = z.infer<typeof deployDecisionSchema>;

export const overrideBodySchema = z.object({ reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(1000), expiresAt: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 time like 2026-11-29T03:00:00+01:00').optional() });
export const overrideSchema = z.object({ id: z.string(), entity: refSchema, reason: z.string(), createdBy: z.string(), createdAt: isoSchema, expiresAt: isoSchema });

export const buildPrioritySchema = z.object({ entity: refSchema, priority: z.number(), grade: maybeGradeSchema, policy: z.string() });
export type BuildPriority = z.infer<typeof buildPrioritySchema>;

export const supportSchema = z.object({
  entity: refSchema,
  grade: maybeGradeSchema,
  score: z.number().nullable(),
  policy: z.string(),
  level: z.enum(SUPPORT_LEVELS),
  reason: z.string(),
  /** The nearest better grade with a better support level. */
  target: maybeGradeSchema,
  toRegain: z.array(z.object({ requirement: z.string(), title: z.string(), points: z.number() })),
});
export type Support = z.infer<typeof supportSchema>;

const countsSchema = { decisions: z.number(), denials: z.number(), breakGlass: z.number() };
export const deploysReportSchema = z.object({
  from: isoSchema,
  to: isoSchema,
  totals: z.object({ ...countsSchema, overridesCreated: z.number() }),
  /** Per owning team (`none` for services without an owner), most decisions first. */
  teams: z.array(z.object({ team: z.string(), ...countsSchema })),
  services: z.array(z.object({ ref: refSchema, team: refSchema.nullable(), ...countsSchema })),
  overrides: z.array(z.object({ id: z.string(), entity: refSchema, reason: z.string(), createdBy: z.string(), createdAt: isoSchema, expiresAt: isoSchema, used: z.number() })),
});
export type DeploysReport = z.infer<typeof deploysReportSchema>;

export const fTeamsReportSchema = z.object({
  scorecard: z.string().nullable(),
  /** Teams owning F services, most F services first. */
  teams: z.array(
    z.object({
      team: z.string(),
      fServices: z.number(),
      services: z.array(
        z.object({
          ref: refSchema,
          name: z.string(),
          score: z.number().nullable(),
          /** The failing requirements that cost the most points, most first. */
          costliest: z.array(z.object({ requirement: z.string(), title: z.string(), points: z.number(), state: z.string() })),
        }),
      ),
    }),
  ),
});
export type FTeamsReport = z.infer<typeof fTeamsReportSchema>;
