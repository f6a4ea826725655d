// Which entities a scorecard (or one requirement) applies to. A selector field lists the
// accepted values (a single value is a list of one); an entity matches when every field
// given matches. An empty selector matches everything.
import { z } from 'zod';
import type { Entity } from '../../../common/catalog.ts';
import { normalizeRef } from '../../../common/refs.ts';
import { readTier } from '../../../common/tier.ts';

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const text = z.string().min(1).max(300);
const tierValue = z.union([z.number().int().min(0), z.string().regex(/^\d+$/, 'a tier number').transform(Number)]);

export const selectorSchema = z.strictObject({
  kind: oneOrMany(text).optional(),
  type: oneOrMany(text).optional(),
  tier: oneOrMany(tierValue).optional(),
  lifecycle: oneOrMany(text).optional(),
  /** Owner refs; a bare name means a Group. */
  owner: oneOrMany(text).optional(),
  /** System refs; a bare name means a System. */
  system: oneOrMany(text).optional(),
  /** The entity must carry at least one of these tags. */
  tags: oneOrMany(text).optional(),
  /** Annotation → accepted values; `"*"` accepts any value as long as the annotation is set. */
  annotations: z.record(z.string().min(1), oneOrMany(z.string())).optional(),
});
export type Selector = z.output<typeof selectorSchema>;

/** What besides the entity a selector may look at; refs are resolved by the context builder when known. */
export interface SelectorContext {
  owner?: { ref: string };
  system?: string;
}

const lower = (s: unknown): string => (typeof s === 'string' ? s.toLowerCase() : '');

function anyOf(accepted: string[] | undefined, actual: string): boolean {
  if (!accepted) return true;
  for (const a of accepted) if (a.toLowerCase() === actual) return true;
  return false;
}

export function appliesTo(selector: Selector | undefined, entity: Entity, ctx: SelectorContext = {}): boolean {
  if (!selector) return true;
  const spec = entity.spec ?? {};
  if (!anyOf(selector.kind, lower(entity.kind))) return false;
  if (!anyOf(selector.type, lower(spec.type))) return false;
  if (!anyOf(selector.lifecycle, lower(spec.lifecycle))) return false;
  if (selector.tier && !selector.tier.includes(readTier(entity) ?? 0)) return false;
  if (selector.owner && !refIn(selector.owner, ctx.owner?.ref ?? spec.owner, 'group')) return false;
  if (selector.system && !refIn(selector.system, ctx.system ?? spec.system, 'system')) return false;
  if (selector.tags && !selector.tags.some((t) => (entity.metadata.tags ?? []).some((e) => e.toLowerCase() === t.toLowerCase()))) return false;
  return annotationsMatch(selector.annotations, entity.metadata.annotations ?? {});
}

function refIn(accepted: string[], actual: unknown, defaultKind: string): boolean {
  if (typeof actual !== 'string' || actual === '') return false;
  const a = normalizeRef(actual, { defaultKind });
  return a !== undefined && accepted.some((x) => normalizeRef(x, { defaultKind }) === a);
}

function annotationsMatch(wanted: Record<string, string[]> | undefined, actual: Record<string, string>): boolean {
  if (!wanted) return true;
  return Object.entries(wanted).every(([key, values]) => {
    const v = actual[key];
    return v !== undefined && (values.includes('*') || values.includes(v));
  });
}
