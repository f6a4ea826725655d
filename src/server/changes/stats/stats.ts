// Change statistics and DORA figures read from the database, set-based: one query per kind of
// question for all the entities asked about, never one per entity.
import type { Change } from '../../../common/changes.ts';
import type { Db } from '../../platform/db/connect.ts';
import { changeStats, doraFigures, PRODUCTION, type ChangeStats, type DoraFigures, type Incident } from './dora.ts';
import { changesOfEntitiesSince } from '../repository.ts';
import { failedAutomatedDeploysWithoutPostmortem, latestProductionChangeByEntity } from './repository.ts';
import { rowToChange } from '../rows.ts';
import { restoresOf, verdictsOf } from '../verdicts/repository.ts';

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
  const failed = await failedVerdicts(db, groups);
  for (const ref of withData) {
    const stats = changeStats([...(groups.get(ref)?.values() ?? [])], now, { ...opts, failed });
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

/** Ids of the grouped changes whose verdict is failed (an incident named them as its cause). */
async function failedVerdicts(db: Db, groups: Map<string, Map<string, Change>>): Promise<Set<string>> {
  const ids = [...new Set([...groups.values()].flatMap((g) => [...g.keys()]))];
  const verdicts = await verdictsOf(db, ids);
  return new Set([...verdicts].filter(([, v]) => v.verdict === 'failed').map(([id]) => id));
}

/**
 * DORA figures for each of `refs` and for them together (a team). Time to restore comes from the
 * incidents' restores (recordRestore); a team's counts each incident once, from its earliest
 * start to its latest restore among the team's services.
 */
export async function doraFor(db: Db, refs: string[], period: { from: Date; to: Date }): Promise<DoraReport> {
  const rows = await changesOfEntitiesSince(db, refs, period.from.toISOString());
  const groups = groupByEntity(rows);
  const all = new Map<string, Change>();
  for (const g of groups.values()) for (const [id, c] of g) all.set(id, c);
  const failed = await failedVerdicts(db, groups);
  const restores = await restoresOf(db, refs, period.from.toISOString(), period.to.toISOString());
  const figures = (changes: Iterable<Change>, incidents: Incident[]) => doraFigures([...changes], incidents, period, { environment: PRODUCTION, failed });
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    overall: figures(all.values(), mergeByIncident(restores)),
    services: refs.map((entity) => ({ entity, figures: figures(groups.get(entity)?.values() ?? [], restores.filter((r) => r.entity === entity).map(asIncident)) })),
  };
}

const asIncident = (r: { started_at: string; restored_at: string }): Incident => ({ startedAt: r.started_at, resolvedAt: r.restored_at });

function mergeByIncident(restores: { incident: string; started_at: string; restored_at: string }[]): Incident[] {
  const byIncident = new Map<string, { started_at: string; restored_at: string }>();
  for (const r of restores) {
    const seen = byIncident.get(r.incident);
    byIncident.set(r.incident, seen ? { started_at: r.started_at < seen.started_at ? r.started_at : seen.started_at, restored_at: r.restored_at > seen.restored_at ? r.restored_at : seen.restored_at } : r);
  }
  return [...byIncident.values()].map(asIncident);
}
