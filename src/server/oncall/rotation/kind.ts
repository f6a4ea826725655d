// Rotation documents from the catalog sources, and rotations written through the API. The set
// applies whole or not at all (escalations name other rotations; users and teams must be in the
// catalog, which is applied first): the previous rotations keep paging, the problems show on /status.
import { catalogSnapshot } from '../../catalog/index.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { DocumentKind } from '../../platform/documents/kinds.ts';
import { ConflictError, errorsOnly, InputError } from '../../platform/problems.ts';
import type { RotationRow } from '../tables.ts';
import { checkRotationSet, parseRotation, ROTATION_API_VERSION, type Directory, type Rotation } from './document.ts';
import { deleteRotationRow, replaceRotationRows, upsertRotationRow } from './repository.ts';
import { loadRotations } from './store.ts';
import { forgetReadModels } from '../read-models.ts';

export async function directory(db: Db): Promise<Directory> {
  const catalog = await catalogSnapshot(db);
  return { users: new Set(catalog.entities.filter((e) => e.kind === 'user').map((e) => e.ref)), groups: new Set(catalog.entities.filter((e) => e.kind === 'group').map((e) => e.ref)) };
}

const row = (r: Rotation, origin: 'sources' | 'api', at: { file?: string; doc?: number }, now: Date): RotationRow => ({ name: r.name, origin, spec: JSON.stringify(r), file: at.file ?? null, doc: at.doc ?? null, updated_at: now.toISOString() });

export const rotationKind: DocumentKind<unknown, Rotation> = {
  name: 'Rotation',
  matches: (d) => d.apiVersion === ROTATION_API_VERSION && d.kind === 'Rotation',
  parse(doc) {
    const r = parseRotation(doc.body, { file: doc.file, doc: doc.doc });
    return r.rotation ? { value: r.rotation, name: r.name, problems: r.problems } : { name: r.name, problems: r.problems };
  },
  scope: 'all',
  allOrNothing: true,
  async apply(ctx, set) {
    const fromApi = (await loadRotations(ctx.db)).list.filter((s) => s.origin === 'api');
    const items = [...set.items.map((i) => ({ rotation: i.value, at: { file: i.doc.file, doc: i.doc.doc } })), ...fromApi.map((s) => ({ rotation: s.rotation, at: {} }))];
    const problems = checkRotationSet(items, await directory(ctx.db));
    if (errorsOnly(problems).length > 0) return { problems, rejected: true };
    const old = new Map((await loadRotations(ctx.db)).list.map((s) => [s.rotation.name, s]));
    const rows = set.items.map((i) => {
      const r = row(i.value, 'sources', { file: i.doc.file, doc: i.doc.doc }, ctx.now);
      const o = old.get(i.value.name);
      // Unchanged documents keep their time, so the cache of parsed rotations stays warm.
      return o && o.origin === 'sources' && JSON.stringify(o.rotation) === r.spec && o.file === r.file && o.doc === r.doc ? { ...r, updated_at: o.updatedAt } : r;
    });
    await replaceRotationRows(ctx.db, 'sources', rows);
    return { updated: rows.length, problems };
  },
  afterApply: async (ctx) => forgetReadModels(ctx.db),
};

/** PUT /api/v1/rotations/{name}: the document as JSON; a rotation from the sources cannot be replaced here (409). */
export async function putApiRotation(db: Db, name: string, body: unknown, now: Date): Promise<Rotation> {
  const parsed = parseRotation(body, { file: 'body' });
  if (!parsed.rotation) throw InputError.fromProblems('invalid rotation', parsed.problems);
  if (parsed.rotation.name !== name) throw InputError.fromProblems('invalid rotation', [{ severity: 'error', message: `the name must be the one in the path, ${name}`, file: 'body', field: 'metadata.name' }]);
  const current = await loadRotations(db);
  const existing = current.byName.get(name);
  if (existing?.origin === 'sources') throw new ConflictError(`rotation ${name} comes from ${existing.file ?? 'the catalog sources'}: change it there`);
  const items = [...current.list.filter((s) => s.rotation.name !== name).map((s) => ({ rotation: s.rotation, at: { file: s.file ?? undefined, doc: s.doc ?? undefined } })), { rotation: parsed.rotation, at: { file: 'body' } }];
  const problems = checkRotationSet(items, await directory(db)).filter((p) => p.file === 'body');
  if (errorsOnly(problems).length > 0) throw InputError.fromProblems('invalid rotation', problems);
  await upsertRotationRow(db, row(parsed.rotation, 'api', {}, now));
  return parsed.rotation;
}

export async function deleteApiRotation(db: Db, name: string): Promise<boolean> {
  const existing = (await loadRotations(db)).byName.get(name);
  if (!existing) return false;
  if (existing.origin === 'sources') throw new ConflictError(`rotation ${name} comes from ${existing.file ?? 'the catalog sources'}: remove it there`);
  return (await deleteRotationRow(db, name)) > 0;
}
