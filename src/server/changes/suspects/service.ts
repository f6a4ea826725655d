// `GET /api/v1/changes/suspects`: candidates from the entity and its transitive dependencies
// (distance from the graph), ranked by rankSuspects (suspects.ts; formula in docs/changes.md).
import { redactChange } from '../../../common/changes.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { DependencyRule } from '../../graph/index.ts';
import { entityWithDependencies } from '../query.ts';
import { changesOnEntitiesDuring } from '../repository.ts';
import { rowToChange } from '../rows.ts';
import { rankSuspects, type SuspectCandidate } from './suspects.ts';

/** In-progress changes older than this are not looked at: a forgotten "in progress" is not a suspect forever. */
const RUNNING_LOOKBACK_MS = 7 * 86_400_000;
const CLOCK_SKEW_MS = 60_000;

export interface SuspectsQuery {
  entity: string;
  at: Date;
  windowMs: number;
  limit: number;
}

export async function findSuspects(db: Db, rules: DependencyRule[], q: SuspectsQuery) {
  const distances = await entityWithDependencies(db, rules, q.entity);
  const t = q.at.getTime();
  const window = {
    from: new Date(t - q.windowMs).toISOString(),
    to: new Date(t + CLOCK_SKEW_MS).toISOString(),
    runningSince: new Date(t - q.windowMs - RUNNING_LOOKBACK_MS).toISOString(),
  };
  const rows = await changesOnEntitiesDuring(db, [...distances.keys()], window);
  const nearest = new Map<string, SuspectCandidate>();
  for (const { entity, row } of rows) {
    const distance = distances.get(entity) ?? Infinity;
    const seen = nearest.get(row.id);
    if (!seen || distance < seen.distance) nearest.set(row.id, { change: rowToChange(row), distance, entity });
  }
  const ranked = rankSuspects([...nearest.values()], q.at, q.windowMs).slice(0, q.limit);
  return {
    entity: q.entity,
    at: q.at.toISOString(),
    windowMs: q.windowMs,
    dependencies: [...distances.entries()].filter(([, d]) => d > 0).map(([ref, distance]) => ({ ref, distance })),
    suspects: ranked.map((s) => {
      const c = nearest.get(s.change.id)!;
      return { score: s.score, reasons: s.reasons, distance: c.distance, via: c.entity, change: redactChange(s.change) };
    }),
  };
}
