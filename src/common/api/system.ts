// Health, status, runtime controls, who-am-I and facts over HTTP.
import { z } from 'zod';
import { isoSchema, problemSchema, refSchema } from './shared.ts';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
/** `none`: anonymous, and anonymous read is off. */
export const whoAmISchema = z.object({ name: z.string(), role: z.enum([...ROLES, 'none']) });
export type WhoAmI = z.infer<typeof whoAmISchema>;

export const runtimeViewSchema = z.object({ logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), jobsPaused: z.boolean() });
export const healthSchema = z.object({ ok: z.boolean() });
export const readinessSchema = z.object({ ready: z.boolean(), reason: z.string().optional() });
export const statusReportSchema = z.object({
  name: z.string(),
  /** `ok` when ready for traffic (as /readyz), else `not ready` (notReadyBecause says why). */
  status: z.enum(['ok', 'not ready']),
  version: z.string(),
  startedAt: isoSchema,
  uptimeSeconds: z.number(),
  ready: z.boolean(),
  notReadyBecause: z.string().optional(),
  /** Scorecards have been evaluated at least once (the demo is ready only after). */
  firstEvaluationDone: z.boolean(),
  database: z.object({
    engine: z.string(),
    location: z.string().optional().describe('only for token holders'),
    /** Read replicas (database.readReplicas): `ok` serves reads; `lagging` (past the bound) and `down` are skipped. */
    replicas: z
      .array(
        z.object({
          replica: z.number().int(),
          location: z.string().optional().describe('only for token holders'),
          state: z.enum(['unknown', 'ok', 'lagging', 'down']),
          lagSeconds: z.number().nullable(),
          lagBytes: z.number().nullable(),
          checkedAt: isoSchema.nullable(),
          error: z.string().nullable(),
        }),
      )
      .optional(),
  }),
  catalog: z.object({ entities: z.number(), byKind: z.record(z.string(), z.number()) }),
  imports: z.array(
    z.object({
      source: z.string(),
      status: z.string(),
      finishedAt: isoSchema.nullable(),
      durationMs: z.number().nullable(),
      entities: z.number().nullable(),
      problems: z.array(problemSchema.extend({ text: z.string() })),
    }),
  ),
  /** Tally's own newest backup whose restore was verified (`tally backup verify`); null: none yet. */
  lastVerifiedBackup: z.object({ file: z.string(), createdAt: isoSchema, verifiedAt: isoSchema, ageSeconds: z.number() }).nullable().optional(),
});

export const factsAcceptedSchema = z.object({ accepted: z.number(), entities: z.array(refSchema) });
