// The read models a page write needs, loaded outside its transaction from the process's caches
// (the catalog snapshot, the parsed rotations, the routing index built from both), so routing an
// alert costs two generation reads and a map lookup.
import { catalogSnapshot } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import { buildRoutingIndex, type RoutingIndex } from './intake/route.ts';
import { loadRotations } from './rotation/store.ts';

const indexes = new WeakMap<Db, RoutingIndex>();

export async function readModels(db: Db) {
  const [catalog, rotations] = await Promise.all([catalogSnapshot(db), loadRotations(db)]);
  const key = `${catalog.generation}|${rotations.generation}`;
  let index = indexes.get(db);
  if (!index || index.key !== key) {
    index = buildRoutingIndex(catalog, rotations);
    indexes.set(db, index);
  }
  return { catalog, rotations, index };
}
