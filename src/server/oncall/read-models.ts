// The read models a page write needs, loaded outside its transaction: the catalog snapshot, the
// parsed rotations, the API overrides in force, and the routing index built from them. Routing
// must take milliseconds with thousands of rotations, so a process keeps them for up to a second
// (ROUTING_TTL_MS) before it checks the generations again; this module's own writes forget them
// at once (forgetReadModels), so only another process's change can take that second to be seen.
import { catalogSnapshot, type CatalogSnapshot } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import { buildRoutingIndex, type RoutingIndex } from './intake/route.ts';
import type { Override } from './rotation/document.ts';
import { overridesGeneration, overridesEndingAfter } from './rotation/repository.ts';
import { loadRotations, overrideOf, type RotationSet } from './rotation/store.ts';

export const ROUTING_TTL_MS = 1000;

export interface ReadModels {
  catalog: CatalogSnapshot;
  rotations: RotationSet;
  index: RoutingIndex;
  /** API overrides that had not ended a day ago, by rotation. */
  overrides: ReadonlyMap<string, readonly Override[]>;
}

interface Cached extends ReadModels {
  key: string;
  /** The clock's day the overrides were read for. */
  day: number;
  checkedAt: number;
}

const cache = new WeakMap<Db, Cached>();

export function forgetReadModels(db: Db): void {
  cache.delete(db);
}

/** `at` is the deps' clock (the overrides in force around it); the cache's age is real time. */
export async function readModels(db: Db, at: Date): Promise<ReadModels> {
  const now = Date.now();
  const day = Math.floor(at.getTime() / 86_400_000);
  const hit = cache.get(db);
  if (hit && hit.day === day && now - hit.checkedAt < ROUTING_TTL_MS && now >= hit.checkedAt) return hit;
  const [catalog, rotations, og] = await Promise.all([catalogSnapshot(db), loadRotations(db), overridesGeneration(db)]);
  const key = `${catalog.generation}|${rotations.generation}|${og}`;
  if (hit && hit.key === key && hit.day === day) {
    hit.checkedAt = now;
    return hit;
  }
  const overrides = new Map<string, Override[]>();
  for (const row of await overridesEndingAfter(db, new Date((day - 1) * 86_400_000).toISOString())) {
    const list = overrides.get(row.rotation) ?? [];
    list.push(overrideOf(row));
    overrides.set(row.rotation, list);
  }
  const fresh: Cached = { key, day, checkedAt: now, catalog, rotations, overrides, index: buildRoutingIndex(catalog, rotations) };
  cache.set(db, fresh);
  return fresh;
}
