// Pieces every domain's wire schemas share: grades, requirement states, problems, lists.
// Isomorphic (server routes and the web UI): imports only zod and src/common. Response schemas
// describe what the server sends; routes declare them (`schema.response`), so the OpenAPI
// document shows them and the serializer sends exactly these fields. The web UI imports only
// their types (`import type`), so zod never reaches the browser bundle.
import { z } from 'zod';
import { GRADES } from '../grades.ts';

export const gradeSchema = z.enum(GRADES);
/** A grade, or null when there is none (ungraded, no score). */
export const maybeGradeSchema = gradeSchema.nullable();

export const REQUIREMENT_STATES = ['pass', 'warn', 'fail', 'error', 'stale', 'n/a', 'exempt'] as const;
export const requirementStateSchema = z.enum(REQUIREMENT_STATES);
export type RequirementState = z.infer<typeof requirementStateSchema>;

/** An ISO-8601 instant as the server writes it (UTC, `…Z`). */
export const isoSchema = z.string().describe('ISO-8601 time');
/** A full entity ref, `kind:namespace/name`. */
export const refSchema = z.string().describe('entity ref, kind:namespace/name');

/** One thing wrong with an input (src/common/problem.ts), as error bodies and reports carry it. */
export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  file: z.string().optional(),
  doc: z.number().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
  field: z.string().optional(),
});

/** `{ error: { code, message, problems? } }`: every non-2xx answer (platform/http/errors.ts). */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), problems: z.array(problemSchema).optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `{ items: [...] }`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** `{ items: [...], nextCursor }`: keyset pagination. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Counts per grade letter, plus `none` for services without a grade. */
export const distributionSchema = z.record(z.string(), z.number()).describe('services per grade; `none` counts the ungraded');

/** A 204 answer: no body. */
export const noContentSchema = z.null().describe('no content');
