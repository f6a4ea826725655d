// The dependency graph over HTTP. An edge `from → to` means "from needs to to run".
import { z } from 'zod';
import { refSchema } from './shared.ts';

export const EDGE_VIAS = ['dependsOn', 'consumesApi', 'partOf'] as const;

export const graphNodeSchema = z.object({
  ref: refSchema,
  kind: z.string(),
  name: z.string(),
  title: z.string().optional(),
  type: z.string().optional(),
  tier: z.number().optional(),
  system: refSchema.optional(),
  owner: refSchema.optional(),
  lifecycle: z.string().optional(),
  /** Takes part in boot order (Components, Resources); Systems and Domains do not. */
  runtime: z.boolean(),
  /** Named in a relation, but no such entity is in the catalog. */
  missing: z.boolean().optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  from: refSchema,
  to: refSchema,
  /** `dependsOn` (declared), `consumesApi` (through an API the other provides), `partOf` (membership). */
  via: z.enum(EDGE_VIAS),
  runtime: z.boolean(),
  /** For `consumesApi`: the APIs through which `from` needs `to`. */
  apis: z.array(refSchema).optional(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({ nodes: z.array(graphNodeSchema), edges: z.array(graphEdgeSchema) });
export type Graph = z.infer<typeof graphSchema>;

export const cycleSchema = z.object({
  nodes: z.array(refSchema),
  edges: z.array(z.tuple([refSchema, refSchema])),
  /** One closed walk: the first ref repeated at the end. */
  path: z.array(refSchema),
});
export type Cycle = z.infer<typeof cycleSchema>;
export const cyclesSchema = z.object({ cycles: z.array(cycleSchema) });

export const blockedReasonSchema = z.object({
  node: refSchema,
  cycle: z.number(),
  onCycle: z.boolean(),
  waitingOn: refSchema.nullable(),
  distance: z.number(),
});
export type BlockedReason = z.infer<typeof blockedReasonSchema>;
export const bootOrderSchema = z.object({ waves: z.array(z.array(refSchema)), blocked: z.array(refSchema), reasons: z.array(blockedReasonSchema) });
export type BootOrder = z.infer<typeof bootOrderSchema>;

export const violationSchema = z.object({ rule: z.string(), from: refSchema, to: refSchema, path: z.array(refSchema), message: z.string() });
export type Violation = z.infer<typeof violationSchema>;
/** The rules as configured (`graph.rules`): selectors are open-ended, so passed through. */
export const dependencyRuleViewSchema = z.looseObject({ name: z.string(), description: z.string().optional(), transitive: z.boolean() });
export const violationsSchema = z.object({ rules: z.array(dependencyRuleViewSchema), violations: z.array(violationSchema) });
export type Violations = z.infer<typeof violationsSchema>;

export const checkEdgeBodySchema = z.object({ from: z.string().min(1), to: z.string().min(1) });
export const edgeCheckSchema = z.object({
  from: refSchema,
  to: refSchema,
  allowed: z.boolean(),
  createsCycle: z.boolean(),
  cycle: z.array(refSchema).optional(),
  violations: z.array(violationSchema),
});

/** A runtime neighbour of an entity, with what a page shows of it (GET /api/v1/entities/:ref/dependencies). */
export const neighbourSchema = z.object({
  ref: refSchema,
  via: z.enum(EDGE_VIAS),
  /** For `consumesApi`: the APIs through which the consumer needs the provider. */
  apis: z.array(z.string()).optional(),
  kind: z.string(),
  name: z.string(),
  title: z.string().optional(),
  type: z.string().optional(),
  tier: z.number().optional(),
  owner: refSchema.optional(),
  /** Named by a relation but not in the catalog. */
  missing: z.boolean().optional(),
});
export const dependenciesSchema = z.object({
  entity: refSchema,
  /** What the entity needs to run, by ref. */
  dependencies: z.array(neighbourSchema),
  /** What needs the entity to run, by ref. */
  dependents: z.array(neighbourSchema),
});
export type Dependencies = z.infer<typeof dependenciesSchema>;
