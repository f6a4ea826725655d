// The `capacity` check type: every resource of the entity (itself, or what it depends on) has a
// forecast, none is full at worst within its lead time + safety margin, and — with `maxMape` —
// each proposed method's backtest error is below the bound.
//   { type: capacity }
//   { type: capacity, maxMape: 20 }
import { z } from 'zod';
import { factCheck, type CheckType, type Outcome } from '../checks/index.ts';
import type { CapacityFacts } from './context.ts';

export const capacityCheckSchema = z.strictObject({
  type: z.literal('capacity'),
  /** The largest acceptable backtest error (MAPE, %) of the proposed method; none when absent. */
  maxMape: z.number().positive().max(1000).optional(),
  message: z.string().max(500).optional(),
});
export type CapacityCheckConfig = z.infer<typeof capacityCheckSchema>;

export function evaluateCapacity(config: CapacityCheckConfig, facts: CapacityFacts | undefined): Outcome {
  const resources = facts?.resources ?? [];
  if (resources.length === 0) return { state: 'n/a', message: 'no resources with a capacity (tally.dev/capacity) among the entity and its dependencies' };
  const objects = resources.map((r) => ({ kind: 'url' as const, label: `${r.title}: ${r.why}`, url: `/forecasts/resource?ref=${encodeURIComponent(r.ref)}` }));
  const evidence = { resources: resources.map((r) => ({ ref: r.ref, status: r.status, pessimisticAt: r.pessimisticAt, daysLeft: r.daysLeft })), objects };
  const none = resources.filter((r) => r.status === 'cannot-forecast');
  if (none.length) return { state: 'fail', message: `no forecast for ${none.map((r) => `${r.title} (${r.why})`).join('; ')}`, evidence };
  const flagged = resources.filter((r) => r.status === 'flagged');
  if (flagged.length) return { state: 'fail', message: flagged.map((r) => `${r.title} is full at worst on ${r.pessimisticAt?.slice(0, 10) ?? 'now'}, within its ${r.leadTimeDays}-day lead time + ${r.safetyMarginDays}-day margin`).join('; '), evidence };
  if (config.maxMape !== undefined) {
    const poor = resources.flatMap((r) => {
      const b = r.backtests.find((x) => x.method === r.proposed);
      return !b || b.mape === null || b.mape > config.maxMape! ? [`${r.title} (${b?.mape === null || !b ? 'no backtest' : `MAPE ${b.mape.toFixed(1)} %`})`] : [];
    });
    if (poor.length) return { state: 'fail', message: `backtest error above ${config.maxMape} %: ${poor.join('; ')}`, evidence };
  }
  return { state: 'pass', message: `${resources.length} resource(s) forecast, each full at worst after its lead time + margin`, evidence };
}

export const capacityCheck: CheckType<CapacityCheckConfig> = factCheck('capacity', capacityCheckSchema as unknown as z.ZodType<CapacityCheckConfig>, 'capacity', evaluateCapacity);
