// The catalog over HTTP: entities (Backstage's format, unchanged) and refreshes.
import { z } from 'zod';
import { pageOf, problemSchema, refSchema } from './shared.ts';

const linkSchema = z.object({ url: z.string(), title: z.string().optional(), icon: z.string().optional(), type: z.string().optional() });

/** Backstage metadata: the fields Tally reads, and any others the entity carries (kept as sent). */
export const entityMetadataSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.string()).optional(),
  links: z.array(linkSchema).optional(),
});

export const relationSchema = z.object({ type: z.string(), target: refSchema });

export const entitySchema = z.object({
  ref: refSchema,
  kind: z.string(),
  apiVersion: z.string(),
  metadata: entityMetadataSchema,
  spec: z.record(z.string(), z.unknown()),
  /** Where it came from: a catalog source path, or `api`. */
  source: z.string(),
  /** Present on `GET /entities/{ref}`: every relation, both directions. */
  relations: z.array(relationSchema).optional(),
});
export type EntityItem = z.infer<typeof entitySchema>;

export const entityPageSchema = pageOf(entitySchema);
export type EntityPage = z.infer<typeof entityPageSchema>;

/** `PUT /entities`: one Backstage entity; validated by the catalog with problems per field. */
export const entityBodySchema = z.record(z.string(), z.unknown());

/** One step of a refresh: a source read, or one document kind applied over every source. */
export const refreshOutcomeSchema = z.object({
  source: z.string(),
  status: z.enum(['ok', 'failed']),
  problems: z.array(problemSchema),
  count: z.number(),
  durationMs: z.number(),
  added: z.number().optional(),
  updated: z.number().optional(),
  removed: z.number().optional(),
  unchanged: z.number().optional(),
  rejected: z.boolean().optional(),
});
export const refreshResultSchema = z.object({ sources: z.array(refreshOutcomeSchema) });
