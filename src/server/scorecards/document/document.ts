// The Scorecard document (`apiVersion: tally.dev/v1`, `kind: Scorecard`): schema, parsing
// into a normalised form, and its rubric version. Parsing reports every problem at once,
// each naming the file, the document and the field (e.g. `spec.requirements[2].weight`).
import { Cron } from 'croner';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { DEFAULT_GRADE_BANDS, GRADES, type Grade, type GradeBands } from '../../../common/grades.ts';
import type { CheckType, Grading } from '../../checks/index.ts';
import { fieldPath, type Problem } from '../../platform/problems.ts';
import { selectorSchema, type Selector } from './applies.ts';
import { parseDuration } from '../../../common/duration.ts';
import { rubricVersion } from './version.ts';

export const SCORECARD_API_VERSION = 'tally.dev/v1';
const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const slug = z.string().regex(SLUG, 'lower-case letters, digits and "-", at most 63 characters');

const gradeLetter = z.enum(GRADES);
const band = z.number().min(0).max(100);
const gradesSchema = z
  .strictObject({ 'A+': band.optional(), A: band.optional(), B: band.optional(), C: band.optional(), D: band.optional() })
  .transform((g) => ({ ...DEFAULT_GRADE_BANDS, ...Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined)) }) as GradeBands)
  .refine((g) => g['A+'] > g.A && g.A > g.B && g.B > g.C && g.C > g.D, 'grade bands must strictly decrease: A+ > A > B > C > D');

const dateSchema = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const d = v instanceof Date ? DateTime.fromJSDate(v, { zone: 'utc' }) : DateTime.fromISO(v, { zone: 'utc' });
  if (!d.isValid) {
    ctx.addIssue({ code: 'custom', message: 'a date like 2025-07-01 or 2025-07-01T09:00:00Z' });
    return z.NEVER;
  }
  return d.toUTC().toISO({ suppressMilliseconds: true }) as string;
});

const durationSchema = z.string().refine((s) => parseDuration(s) !== undefined, 'a duration like 30d, 12h, 90m, 2w or P30D');

const cronSchema = z.string().refine((s) => {
  try {
    new Cron(s, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}, 'a cron expression like "0 */6 * * *"');

const requirementSchema = z.strictObject({
  id: slug,
  title: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  rationale: z.string().max(5000).optional(),
  category: slug.default('general'),
  weight: z.number().gt(0, 'must be greater than 0').max(1000),
  /** Validated separately by the check type's own schema (see checkProblems). */
  check: z.looseObject({ type: z.string().min(1) }),
  gate: gradeLetter.optional(),
  enforceFrom: dateSchema.optional(),
  freshness: durationSchema.optional(),
  appliesTo: selectorSchema.optional(),
});

const specSchema = z.strictObject({
  appliesTo: selectorSchema.default({}),
  grades: gradesSchema.default({ ...DEFAULT_GRADE_BANDS }),
  warnCredit: z.number().min(0).max(1).default(0.5),
  schedule: cronSchema.optional(),
  requirements: z
    .array(requirementSchema)
    .min(1)
    .max(500)
    .superRefine((reqs, ctx) => {
      const seen = new Set<string>();
      reqs.forEach((r, i) => {
        if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate requirement id '${r.id}'` });
        seen.add(r.id);
      });
    }),
});

export const scorecardSchema = z.strictObject({
  apiVersion: z.literal(SCORECARD_API_VERSION),
  kind: z.literal('Scorecard'),
  metadata: z.looseObject({ name: slug, title: z.string().max(200).optional(), description: z.string().max(5000).optional() }),
  spec: specSchema,
});

export type Requirement = z.output<typeof requirementSchema> & { check: { type: string } & Record<string, unknown>; gate?: Grade; appliesTo?: Selector };
export type ScorecardSpec = Omit<z.output<typeof specSchema>, 'requirements'> & { requirements: Requirement[] };
export interface Scorecard {
  apiVersion: typeof SCORECARD_API_VERSION;
  kind: 'Scorecard';
  metadata: { name: string; title?: string; description?: string; [k: string]: unknown };
  spec: ScorecardSpec;
  /** Short hash of the normalised spec; see version.ts. */
  version: string;
}

export interface ParseOptions {
  /** API input may not carry checks whose type is not `allowedFromApi` (e.g. `command`). */
  fromApi: boolean;
  grading: Grading;
}

export function parseScorecard(body: unknown, at: { file?: string; doc?: number }, opts: ParseOptions): { scorecard?: Scorecard; problems: Problem[] } {
  const located = locator(at);
  const parsed = scorecardSchema.safeParse(body);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => located(fieldPath(i.path), i.message));
  const checks = rawRequirements(body).map((req, i) => parseCheck(req, `spec.requirements[${i}].check`, opts.grading, opts.fromApi, at));
  for (const c of checks) problems.push(...c.problems);
  if (!parsed.success || problems.length > 0) return { problems };
  const spec = { ...parsed.data.spec, requirements: parsed.data.spec.requirements.map((r, i) => ({ ...r, check: checks[i].config! })) } as ScorecardSpec;
  const scorecard: Scorecard = { ...parsed.data, spec, version: rubricVersion(spec) } as Scorecard;
  return { scorecard, problems: [] };
}

function rawRequirements(body: unknown): unknown[] {
  const reqs = (body as { spec?: { requirements?: unknown } } | null)?.spec?.requirements;
  return Array.isArray(reqs) ? reqs : [];
}

type Locate = (field: string, message: string) => Problem;
const locator =
  (at: { file?: string; doc?: number }): Locate =>
  (field, message) => ({ severity: 'error', message, ...at, ...(field ? { field } : {}) });

/** Validates one requirement's check with its type's schema and compile(); fields are prefixed with `base`. */
function parseCheck(req: unknown, base: string, grading: Grading, fromApi: boolean, where: { file?: string; doc?: number }): { config?: Requirement['check']; problems: Problem[] } {
  const types: ReadonlyMap<string, CheckType> = grading.checkTypes;
  const located = locator(where);
  const check = (req as { check?: unknown } | null)?.check;
  const typeName = (check as { type?: unknown } | null)?.type;
  if (typeof typeName !== 'string') return { problems: [] }; // the document schema reports it
  const type = types.get(typeName);
  if (!type) return { problems: [located(`${base}.type`, `unknown check type '${typeName}' (known: ${[...types.keys()].sort().join(', ')})`)] };
  if (fromApi && !type.allowedFromApi) {
    return { problems: [located(`${base}.type`, `'${typeName}' checks may only come from files on disk, not from the API`)] };
  }
  const parsed = type.schema.safeParse(check);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => located(fieldPath(i.path, base), i.message)) };
  const compiled = type.compile?.(parsed.data, grading) ?? [];
  const problems = compiled.map((p) => ({ ...p, ...where, field: joinField(base, p.field ?? '') }));
  return { config: parsed.data as Requirement['check'], problems };
}

const joinField = (base: string, rel: string): string => (rel ? (rel.startsWith('[') ? `${base}${rel}` : `${base}.${rel}`) : base);
