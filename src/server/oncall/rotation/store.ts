// Rotations as the rest of the module reads them: every stored rotation parsed once per
// generation (count and latest change, read from the database each time, so another process's
// change is seen at the next read), and the overrides made through the API.
import type { Db } from '../../platform/db/connect.ts';
import { NotFoundError } from '../../platform/problems.ts';
import type { OverrideRow } from '../tables.ts';
import type { Override, Rotation } from './document.ts';
import { allOverridesBetween, listRotationRows, overridesBetween, rotationGeneration } from './repository.ts';

export interface StoredRotation {
  rotation: Rotation;
  origin: 'sources' | 'api';
  file: string | null;
  doc: number | null;
  updatedAt: string;
}

export interface RotationSet {
  generation: string;
  list: StoredRotation[];
  byName: ReadonlyMap<string, StoredRotation>;
}

const cache = new WeakMap<Db, RotationSet>();

export async function loadRotations(db: Db): Promise<RotationSet> {
  const generation = await rotationGeneration(db);
  const cached = cache.get(db);
  if (cached && cached.generation === generation) return cached;
  const list = (await listRotationRows(db)).map((r) => ({ rotation: JSON.parse(r.spec) as Rotation, origin: r.origin as StoredRotation['origin'], file: r.file, doc: r.doc, updatedAt: r.updated_at }));
  const set = { generation, list, byName: new Map(list.map((s) => [s.rotation.name, s])) };
  cache.set(db, set);
  return set;
}

export async function rotationNamed(db: Db, name: string): Promise<StoredRotation> {
  const r = (await loadRotations(db)).byName.get(name);
  if (!r) throw new NotFoundError(`no rotation named ${name}`);
  return r;
}

export const overrideOf = (row: OverrideRow): Override => ({ id: row.id, user: row.user_ref, covers: row.covers, from: row.starts_at, to: row.ends_at, by: row.created_by });

export async function apiOverrides(db: Db, rotation: string, from: number, to: number): Promise<Override[]> {
  return (await overridesBetween(db, rotation, new Date(from).toISOString(), new Date(to).toISOString())).map(overrideOf);
}

/** Every rotation's API overrides in [from, to), by rotation. */
export async function apiOverridesByRotation(db: Db, from: number, to: number): Promise<Map<string, Override[]>> {
  const out = new Map<string, Override[]>();
  for (const row of await allOverridesBetween(db, new Date(from).toISOString(), new Date(to).toISOString())) {
    const list = out.get(row.rotation) ?? [];
    list.push(overrideOf(row));
    out.set(row.rotation, list);
  }
  return out;
}
