// The forecasts and capacity API's wire types (zod schemas shared by the server's routes and the web UI).
import { z } from 'zod';

export const capacityPlanSchema = z.object({
  /** The heuristic whose packing set the count of machines. */
  heuristic: z.enum(['ffd-sum', 'ffd-product', 'ffd-l2', 'dot-product', 'norm-greedy']),
  machinesUsed: z.number().int(),
  /** Per dimension, total demand over capacity rounded up (the fewest machines any placement needs). */
  lowerBound: z.number().int(),
  /** machinesUsed / lowerBound. */
  ratio: z.number(),
  dimensions: z.array(z.string()),
  heuristics: z.array(z.object({ heuristic: z.string(), machinesUsed: z.number().int(), unplaced: z.number().int() })),
  placements: z.array(z.object({ workload: z.string(), machine: z.string() })),
  /** Workloads no machine had room for. */
  unplaced: z.array(z.string()),
  /** Workloads that change machine, from the current placement. */
  moves: z.array(z.object({ workload: z.string(), from: z.string(), to: z.string().nullable() })),
  /** Each used machine's utilisation per dimension, in percent. */
  machines: z.array(z.object({ machine: z.string(), utilisation: z.record(z.string(), z.number()) })),
});
export type CapacityPlan = z.infer<typeof capacityPlanSchema>;
