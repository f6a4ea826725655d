// Change statistics and DORA figures read from the database, set-based: one query per kind of
// question for all the entities asked about, never one per entity.
import type { Change } from '../../../common/changes.ts';
import type { Db } from '../../platform/db/connect.ts';
import { changeStats, doraFigures, PRODUCTION, type ChangeStats, type DoraFigures } from './dora.ts';
import { changesOfEntitiesSince } from '../repository.ts';
import { failedAutomatedDeploysWithoutPostmortem, latestProductionChangeByEntity } from './repository.ts';
import { rowToChange } from '../rows.ts';

const DAY_MS = 86_400_000;

/**
 * The `stats` of the `changes` check for each of `refs`. Entities with no production change
 * ever are left out of the map (the check says n/a: Tally has no change data for them).
 */
export async function changeStatsFor(db: Db, refs: string[], now: Date, opts: { postmortemDays: number }): Promise<Map<string, ChangeStats>> {
  const out = new Map<string, ChangeStats>();
  if (refs.length === 0) return out;
  const latest = await latestProductionChangeByEntity(db, refs);
  const withData = refs.filter((r) => latest.has(r));
  if (withData.length === 0) return out;
  const since = new Date(now.getTime() - 31 * DAY_MS).toISOString();
  const groups = groupByEntity([...(await changesOfEntitiesSince(db, withData, since)), ...(await failedAutomatedDeploysWithoutPostmortem(db, withData))]);
  for (const ref of withData) {
    const stats = changeStats([...(groups.get(ref)?.values() ?? [])], now, opts);
    const last = Date.parse(latest.get(ref)!);
    out.set(ref, { ...stats, daysSinceLastChange: Math.max(0, Math.floor((now.getTime() - last) / DAY_MS)) });
  }
  return out;
}

function groupByEntity(rows: { entity: string; row: Parameters<typeof rowToChange>[0] }[]): Map<string, Map<string, Change>> {
  const groups = new Map<string, Map<string, Change>>();
  for (const { entity, row } of rows) {
    let g = groups.get(entity);
    if (!g) groups.set(entity, (g = new Map()));
    if (!g.has(row.id)) g.set(row.id, rowToChange(row));
  }
  return groups;
}

export interface DoraReport {
  period: { from: string; to: string };
  overall: DoraFigures;
  services: { entity: string; figures: DoraFigures }[];
}

/** DORA figures for each of `refs` and for them together (a team); incidents do not exist yet. */
export async function doraFor(db: Db, refs: string[], period: { from: Date; to: Date }): Promise<DoraReport> {
  const rows = await changesOfEntitiesSince(db, refs, period.from.toISOString());
  const groups = groupByEntity(rows);
  const all = new Map<string, Change>();
  for (const g of groups.values()) for (const [id, c] of g) all.set(id, c);
  const figures = (changes: Iterable<Change>) => doraFigures([...changes], [], period, { environment: PRODUCTION });
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    overall: figures(all.values()),
    services: refs.map((entity) => ({ entity, figures: figures(groups.get(entity)?.values() ?? []) })),
  };
}
