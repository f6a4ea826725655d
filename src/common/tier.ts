// The one reader of a service's tier (`tally.dev/tier`), shared by validation, the graph, CEL,
// the database and the web UI. Valid tiers are 1, 2 and 3 (1 is the most critical); anything
// else is a validation error, and every reader treats it as "no tier".
import { ANNOTATIONS } from './catalog.ts';

export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_RULE = '"1", "2" or "3" (1 is the most critical)';

/** "1" → 1; undefined for absent or invalid values (" 2 " is 2). */
export function parseTier(value: unknown): Tier | undefined {
  if (typeof value !== 'string') return undefined;
  const n = Number(String(value).trim());
  return (TIERS as readonly number[]).includes(n) && String(value).trim() !== '' ? (n as Tier) : undefined;
}

/** The tier of an entity (anything with metadata.annotations). */
export function readTier<E extends { metadata?: unknown }>(entity: E): Tier | undefined {
  const annotations = (entity.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  return parseTier(annotations?.[ANNOTATIONS.tier]);
}
