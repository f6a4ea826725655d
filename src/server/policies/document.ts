// The Policy document (tally.dev/v1, kind Policy): what a grade means for deploys, build
// priority and SRE support. `parsePolicy` validates one document and reports every problem
// at once, each naming file, document and field; `checkPolicySet` checks policies together.
import { z } from 'zod';
import { GRADES, type Grade } from '../../common/grades.ts';
import { problem, zodProblems, type Problem } from '../platform/problems.ts';
import type { DeployWindow } from './clock.ts';
import { checkFreezes, checkGradeKeys, checkTimeZone, normalizeWindows } from './policy-checks.ts';

export const POLICY_API_VERSION = 'tally.dev/v1';
export const SUPPORT_LEVELS = ['full', 'best-effort', 'none'] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

export type { DeployWindow } from './clock.ts';
export type DeployRule = 'always' | 'never' | { windows: DeployWindow[] };

export interface GradeRule {
  deploy: DeployRule;
  buildPriority: number;
  support: SupportLevel;
}

/** A freeze: `from` and `to` are calendar dates in the policy's time zone, both inclusive. */
export interface Freeze {
  name: string;
  from: string;
  to: string;
  exempt: Grade[];
  reason?: string;
}

/** How a service without a grade is treated: as a grade letter, or deploys always refused / allowed. */
export type UngradedRule = Grade | 'allow' | 'deny';

export interface Policy {
  name: string;
  title?: string;
  scorecard: string;
  timeZone: string;
  ungraded: UngradedRule;
  grades: Record<Grade, GradeRule>;
  freezes: Freeze[];
  /** Requirement ids of the scorecard: while one of them fails for a service, its deploys are denied (e.g. an spent error budget). */
  denyWhileFailing: string[];
  /** Where the document came from, for problems that name two documents. */
  source: { file?: string; doc?: number };
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const rawWindow = z.strictObject({
  days: z.array(z.string()).min(1, 'list at least one day'),
  from: z.string(),
  to: z.string(),
});
const rawWindows = z.strictObject({ windows: z.array(rawWindow).min(1, 'list at least one window') });
type RawDeploy = 'always' | 'never' | z.infer<typeof rawWindows>;
// Not a z.union: a union reports one vague issue at `deploy`, losing the path inside the windows.
const rawDeploy = z
  .unknown()
  .superRefine((v, ctx) => {
    if (v === 'always' || v === 'never') return;
    if (typeof v !== 'object' || v === null) return void ctx.addIssue({ code: 'custom', message: "deploy is 'always', 'never' or { windows: [...] }" });
    for (const issue of rawWindows.safeParse(v).error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  })
  .transform((v) => v as RawDeploy);
const rawGradeRule = z.strictObject({
  deploy: rawDeploy,
  buildPriority: z.number().int().min(0).max(100),
  support: z.enum(SUPPORT_LEVELS),
});
export type RawGradeRule = z.infer<typeof rawGradeRule>;
const rawFreeze = z.strictObject({
  name: z.string().min(1),
  from: z.string(),
  to: z.string(),
  exempt: z.array(z.enum(GRADES)).default([]),
  reason: z.string().optional(),
});
export type RawFreeze = z.infer<typeof rawFreeze>;

export const policyDocumentSchema = z.object({
  apiVersion: z.literal(POLICY_API_VERSION),
  kind: z.literal('Policy'),
  metadata: z.object({
    name: z.string().regex(NAME, 'lower-case letters, digits and dashes').max(63),
    title: z.string().optional(),
    description: z.string().optional(),
  }),
  spec: z.strictObject({
    scorecard: z.string().min(1),
    timeZone: z.string().min(1),
    ungraded: z.union([z.enum(GRADES), z.enum(['allow', 'deny'])], { error: `a grade letter (${GRADES.join(', ')}), 'allow' or 'deny'` }).default('D'),
    grades: z.record(z.string(), rawGradeRule),
    freezes: z.array(rawFreeze).default([]),
    denyWhileFailing: z.array(z.string().min(1).max(200)).max(20).default([]),
  }),
});

/** Validates one Policy document. `policy` is set only when there are no errors. */
export function parsePolicy(body: unknown, at: { file?: string; doc?: number } = {}): { policy?: Policy; problems: Problem[] } {
  const parsed = policyDocumentSchema.safeParse(body);
  if (!parsed.success) return { problems: zodProblems(parsed.error, at) };
  const { metadata, spec } = parsed.data;
  const problems: Problem[] = [...checkTimeZone(spec.timeZone, at), ...checkGradeKeys(Object.keys(spec.grades), at), ...checkFreezes(spec.freezes, at)];
  const grades = {} as Record<Grade, GradeRule>;
  for (const g of GRADES) {
    const raw = spec.grades[g];
    if (!raw) continue;
    const deploy = typeof raw.deploy === 'string' ? raw.deploy : normalizeWindows(raw.deploy.windows, `spec.grades.${g}.deploy.windows`, at, problems);
    grades[g] = { deploy, buildPriority: raw.buildPriority, support: raw.support };
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const policy: Policy = {
    name: metadata.name,
    title: metadata.title,
    scorecard: spec.scorecard,
    timeZone: spec.timeZone,
    ungraded: spec.ungraded,
    grades,
    freezes: spec.freezes,
    denyWhileFailing: spec.denyWhileFailing,
    source: { ...at },
  };
  return { policy, problems };
}

const where = (p: Policy): string => (p.source.file !== undefined ? ` (${p.source.file}:${p.source.doc ?? 0})` : '');

/** Problems across policies: one policy per scorecard, unique names. Each names both documents. */
export function checkPolicySet(policies: Policy[]): Problem[] {
  const problems: Problem[] = [];
  const byScorecard = new Map<string, Policy>();
  const byName = new Map<string, Policy>();
  for (const p of policies) {
    const first = byScorecard.get(p.scorecard);
    if (first) {
      const msg = `policies ${first.name}${where(first)} and ${p.name}${where(p)} both apply to scorecard ${p.scorecard}; a scorecard has at most one policy`;
      problems.push(problem(msg, { ...p.source, field: 'spec.scorecard' }));
    } else byScorecard.set(p.scorecard, p);
    const sameName = byName.get(p.name);
    if (sameName) problems.push(problem(`policy name ${p.name} is also used by${where(sameName) || ' another document'}`, { ...p.source, field: 'metadata.name' }));
    else byName.set(p.name, p);
  }
  return problems;
}
