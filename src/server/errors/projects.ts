// Sentry projects: each belongs to a catalog entity (a service), declared by the annotation
// `tally.dev/sentry-project: "<id>"` or made through the API. A project's DSN is
// `<scheme>://<public key>@<Tally's host>[/<path>]/<id>`: what SDKs are configured with.
import { randomBytes } from 'node:crypto';
import { catalogSnapshot } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import { ConflictError, InputError, NotFoundError } from '../platform/problems.ts';
import type { ErrorProjectRow } from './tables.ts';

export const PROJECT_ANNOTATION = 'tally.dev/sentry-project';
const MAX_PROJECT_ID = 2_000_000_000;

const newKey = () => randomBytes(16).toString('hex');

/** The DSN SDKs use for this project, on this Tally's public URL. */
export function dsnOf(project: Pick<ErrorProjectRow, 'id' | 'public_key'>, publicUrl: string): string {
  const u = new URL(publicUrl);
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${project.public_key}@${u.host}${path}/${project.id}`;
}

/** Makes a project for every entity that declares one by annotation (and moves re-declared ones). Returns how many changed. */
export async function syncProjectsFromCatalog(db: Db, now: Date): Promise<number> {
  const catalog = await catalogSnapshot(db);
  const declared = new Map<number, string>();
  for (const e of catalog.entities) {
    const raw = (e.entity.metadata.annotations as Record<string, unknown> | undefined)?.[PROJECT_ANNOTATION];
    if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw.trim())) continue;
    const id = Number(raw.trim());
    if (id < 1 || id > MAX_PROJECT_ID || declared.has(id)) continue;
    declared.set(id, e.ref);
  }
  if (declared.size === 0) return 0;
  const rows = await db.selectFrom('error_projects').selectAll().where('id', 'in', [...declared.keys()]).execute();
  const have = new Map(rows.map((r) => [r.id, r]));
  let changed = 0;
  for (const [id, entity] of declared) {
    const row = have.get(id);
    if (!row) {
      await db.insertInto('error_projects').values({ id, entity, public_key: newKey(), source: 'annotation', created_at: now.toISOString() }).onConflict((oc) => oc.column('id').doNothing()).execute();
      changed++;
    } else if (row.entity !== entity) {
      await db.updateTable('error_projects').set({ entity, source: 'annotation' }).where('id', '=', id).execute();
      changed++;
    }
  }
  return changed;
}

export async function listProjects(db: Db, entity?: string): Promise<ErrorProjectRow[]> {
  let q = db.selectFrom('error_projects').selectAll().orderBy('id');
  if (entity) q = q.where('entity', '=', entity);
  return q.execute();
}

export async function getProject(db: Db, id: number): Promise<ErrorProjectRow | undefined> {
  return db.selectFrom('error_projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A new project for a catalog entity (the next free id). */
export async function createProject(db: Db, entity: string, now: Date): Promise<ErrorProjectRow> {
  const catalog = await catalogSnapshot(db);
  if (!catalog.byRef.has(entity)) throw new InputError(`body.entity: no catalog entity "${entity}"`);
  const max = await db.selectFrom('error_projects').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  const id = Number(max?.max ?? 0) + 1;
  const row: ErrorProjectRow = { id, entity, public_key: newKey(), source: 'api', created_at: now.toISOString() };
  try {
    await db.insertInto('error_projects').values(row).execute();
  } catch {
    throw new ConflictError(`project ${id} was just created by someone else; try again`);
  }
  return row;
}

/** A new key for a project (the old DSN stops working at once). */
export async function rotateProjectKey(db: Db, id: number): Promise<ErrorProjectRow> {
  const r = await db.updateTable('error_projects').set({ public_key: newKey() }).where('id', '=', id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError(`no error project ${id}`);
  return (await getProject(db, id))!;
}
