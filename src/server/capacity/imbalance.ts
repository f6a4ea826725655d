// Balance of a resource spread over nodes (a storage cluster, e.g. HDFS datanodes): each node's
// usage share (used / capacity), and how far apart they are — the spread (largest share minus
// smallest, in percentage points) and the coefficient of variation of the shares. A balanced
// cluster has a spread of a few points; a node far above the others fills first.
import { z } from 'zod';
import { InputError, zodProblems } from '../platform/problems.ts';

export const nodesSchema = z.array(z.object({ name: z.string().min(1).max(200), used: z.number().finite().nonnegative(), capacity: z.number().finite().positive() }).strict()).min(2).max(100_000);

export const imbalanceInputSchema = z.object({
  nodes: nodesSchema,
  /** The largest acceptable spread, in percentage points (the check). */
  maxSpread: z.number().positive().max(100).optional(),
}).strict();

export interface Imbalance {
  nodes: { name: string; sharePercent: number }[];
  meanSharePercent: number;
  /** Largest share minus smallest, in percentage points. */
  spreadPoints: number;
  /** Standard deviation of the shares over their mean. */
  coefficientOfVariation: number;
  fullest: string;
  emptiest: string;
  /** Within maxSpread (null when no bound was given). */
  balanced: boolean | null;
}

export function imbalance(raw: unknown, file = 'input'): Imbalance {
  const parsed = imbalanceInputSchema.safeParse(raw);
  if (!parsed.success) throw InputError.fromProblems(`${file} is not a list of nodes`, zodProblems(parsed.error, { file }));
  return imbalanceOf(parsed.data.nodes, parsed.data.maxSpread);
}

/** The figures of nodes already checked (nodesSchema). */
export function imbalanceOf(list: z.infer<typeof nodesSchema>, maxSpread?: number): Imbalance {
  const nodes = list.map((n) => ({ name: n.name, sharePercent: (100 * n.used) / n.capacity }));
  const shares = nodes.map((n) => n.sharePercent);
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  const sd = Math.sqrt(shares.reduce((a, b) => a + (b - mean) ** 2, 0) / shares.length);
  const sorted = [...nodes].sort((a, b) => b.sharePercent - a.sharePercent);
  const spread = sorted[0].sharePercent - sorted[sorted.length - 1].sharePercent;
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    nodes: nodes.map((n) => ({ ...n, sharePercent: r(n.sharePercent) })),
    meanSharePercent: r(mean),
    spreadPoints: r(spread),
    coefficientOfVariation: mean > 0 ? Math.round((sd / mean) * 1000) / 1000 : 0,
    fullest: sorted[0].name,
    emptiest: sorted[sorted.length - 1].name,
    balanced: maxSpread === undefined ? null : spread <= maxSpread,
  };
}
