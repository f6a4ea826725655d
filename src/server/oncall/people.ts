// People as pages and rotations show them: a catalog User's display name and mail address.
import type { Person } from '../../common/api/oncall.ts';
import type { CatalogSnapshot } from '../catalog/index.ts';

export function personOf(catalog: CatalogSnapshot | undefined, ref: string): Person {
  const e = catalog?.byRef.get(ref)?.entity;
  const profile = (e?.spec as { profile?: { displayName?: string; email?: string } } | undefined)?.profile;
  return { ref, name: profile?.displayName ?? ref.replace(/^user:default\//, ''), email: profile?.email ?? null };
}
