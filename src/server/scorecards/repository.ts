// SQL for scorecard documents, their versions and evaluation runs. A stored scorecard keeps
// its whole document (JSON text) so it can be parsed again; every version ever seen is kept
// in scorecard_versions, so a why-diff can compare rubrics.
import type { Grade } from '../../common/grades.ts';
import type { Db } from '../platform/db/connect.ts';
import { olderThan } from '../platform/db/pages.ts';
import type { ResultState } from './evaluation/scoring.ts';
import type { Grading } from '../checks/index.ts';
import { parseScorecard, scorecardSchema, type Scorecard, type ScorecardSpec } from './document/document.ts';
import type { EvaluationRunRow, ScorecardRow } from './tables.ts';
import { bumpScorecardsGeneration } from './generation.ts';

export interface StoredScorecard {
  scorecard: Scorecard;
  row: ScorecardRow;
}

/** Parses a stored document; a stored document was valid when written, so failure means the check types changed. */
export function parseStored(spec: string, grading: Grading): Scorecard | undefined {
  return parseScorecard(JSON.parse(spec), {}, { fromApi: false, grading }).scorecard;
}

const settingsCache = new Map<string, ScorecardSpec>();

/**
 * The one reader of a stored scorecard's settings (bands, warnCredit, requirements with their
 * weights and gates), with the document schema's own defaults. Checks are not compiled: the
 * document was valid when stored. Cached by the stored text itself, so two databases (or tests)
 * that hold different documents under one name and version never share an entry.
 */
export function storedSettings(row: Pick<ScorecardRow, 'name' | 'version' | 'spec'>): ScorecardSpec | undefined {
  const key = row.spec;
  let spec = settingsCache.get(key);
  if (!spec) {
    const parsed = scorecardSchema.safeParse(JSON.parse(row.spec));
    if (!parsed.success) return undefined;
    spec = parsed.data.spec as ScorecardSpec;
    if (settingsCache.size > 200) settingsCache.clear();
    settingsCache.set(key, spec);
  }
  return spec;
}

export async function listScorecardRows(db: Db): Promise<ScorecardRow[]> {
  return db.selectFrom('scorecards').selectAll().orderBy('name').execute();
}

export async function loadScorecards(db: Db, grading: Grading, names?: readonly string[]): Promise<StoredScorecard[]> {
  let q = db.selectFrom('scorecards').selectAll().orderBy('name');
  if (names) q = q.where('name', 'in', names.length ? [...names] : ['']);
  const rows = await q.execute();
  return rows.flatMap((row) => {
    const scorecard = parseStored(row.spec, grading);
    return scorecard ? [{ scorecard, row }] : [];
  });
}

/** A stored scorecard's rubric: what reports, waivers and consequences read (no checks compiled). */
export interface Rubric {
  name: string;
  title: string | null;
  version: string;
  spec: ScorecardSpec;
}

export async function loadRubrics(db: Db, names?: readonly string[]): Promise<Rubric[]> {
  let q = db.selectFrom('scorecards').select(['name', 'title', 'version', 'spec']).orderBy('name');
  if (names) q = q.where('name', 'in', names.length ? [...names] : ['']);
  return (await q.execute()).flatMap((row) => {
    const spec = storedSettings(row);
    return spec ? [{ name: row.name, title: row.title, version: row.version, spec }] : [];
  });
}

/** The rubric of one stored version (scorecard_versions), for history and why-diffs. */
export async function rubricAt(db: Db, name: string, version: string): Promise<Rubric | undefined> {
  const row = await db.selectFrom('scorecard_versions').select(['spec']).where('name', '=', name).where('version', '=', version).executeTakeFirst();
  const spec = row ? storedSettings({ name, version, spec: row.spec }) : undefined;
  return spec ? { name, title: null, version, spec } : undefined;
}

export async function getScorecardRow(db: Db, name: string): Promise<ScorecardRow | undefined> {
  return db.selectFrom('scorecards').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Stores a valid scorecard (its document body as given) and records its version. Returns whether the version is new for this name. */
export async function saveScorecard(db: Db, sc: Scorecard, body: unknown, at: { source: string; file?: string; doc?: number }, now: Date): Promise<{ changed: boolean }> {
  const spec = JSON.stringify(body);
  const existing = await getScorecardRow(db, sc.metadata.name);
  if (existing && existing.version === sc.version && existing.file === (at.file ?? null) && existing.doc === (at.doc ?? null)) return { changed: false };
  const row: ScorecardRow = { name: sc.metadata.name, version: sc.version, title: sc.metadata.title ?? null, spec, source: at.source, file: at.file ?? null, doc: at.doc ?? null, updated_at: now.toISOString() };
  await db.insertInto('scorecards').values(row).onConflict((oc) => oc.column('name').doUpdateSet({ ...row })).execute();
  await db.insertInto('scorecard_versions').values({ name: row.name, version: sc.version, spec, first_seen_at: row.updated_at }).onConflict((oc) => oc.columns(['name', 'version']).doNothing()).execute();
  await bumpScorecardsGeneration(db);
  return { changed: existing?.version !== sc.version };
}

export async function deleteScorecards(db: Db, names: readonly string[]): Promise<void> {
  if (!names.length) return;
  await db.deleteFrom('scorecards').where('name', 'in', [...names]).execute();
  await bumpScorecardsGeneration(db);
}

export async function scorecardVersions(db: Db, name: string): Promise<{ version: string; firstSeenAt: string; spec: string }[]> {
  const rows = await db.selectFrom('scorecard_versions').select(['version', 'first_seen_at', 'spec']).where('name', '=', name).orderBy('first_seen_at').execute();
  return rows.map((r) => ({ version: r.version, firstSeenAt: r.first_seen_at, spec: r.spec }));
}

export async function versionSpec(db: Db, name: string, version: string): Promise<string | undefined> {
  const row = await db.selectFrom('scorecard_versions').select('spec').where('name', '=', name).where('version', '=', version).executeTakeFirst();
  return row?.spec;
}

export async function recordRun(db: Db, row: EvaluationRunRow): Promise<void> {
  await db.insertInto('evaluation_runs').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ ...row })).execute();
}

/** Runs newest first; `after` is the (started_at, id) of the last row of the previous page. */
export async function recentRuns(db: Db, opts: { scorecard?: string; limit: number; after?: [string, string] }): Promise<EvaluationRunRow[]> {
  let q = db.selectFrom('evaluation_runs').selectAll().orderBy('started_at', 'desc').orderBy('id').limit(opts.limit);
  if (opts.scorecard) q = q.where('scorecard', '=', opts.scorecard);
  if (opts.after) q = q.where(olderThan('started_at', 'id', opts.after));
  return q.execute();
}

/** Current grades of one scorecard: for its distribution. */
export async function gradeDistribution(db: Db, scorecard: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('grade_current').select(['grade', db.fn.countAll<number>().as('n')]).where('scorecard', '=', scorecard).groupBy('grade').execute();
  return Object.fromEntries(rows.map((r) => [r.grade ?? 'none', Number(r.n)]));
}

/** The catalog generation the latest run saw, if any run was recorded. */
export async function lastRunGeneration(db: Db): Promise<string | null> {
  const row = await db.selectFrom('evaluation_runs').select('catalog_generation').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  return row?.catalog_generation ?? null;
}

/**
 * Current grades and requirement results for one scorecard (the CLI's `tally score`), by entity
 * ref: one entity, or a page of up to `limit` entities after `after`.
 */
export async function currentResults(db: Db, scorecard: string, page: { entity?: string; limit: number; after?: string }) {
  let g = db.selectFrom('grade_current').select(['entity', 'score', 'grade']).where('scorecard', '=', scorecard).orderBy('entity').limit(page.limit);
  if (page.entity) g = g.where('entity', '=', page.entity);
  if (page.after) g = g.where('entity', '>', page.after);
  const grades = await g.execute();
  const refs = grades.map((x) => x.entity);
  const reqs = refs.length === 0 ? [] : await db.selectFrom('requirement_current').select(['entity', 'requirement', 'state', 'message']).where('scorecard', '=', scorecard).where('entity', '>=', refs[0]).where('entity', '<=', refs[refs.length - 1]).execute();
  const byEntity = new Map<string, { id: string; status: ResultState; message: string }[]>();
  for (const x of reqs) {
    const list = byEntity.get(x.entity) ?? [];
    if (list.length === 0) byEntity.set(x.entity, list);
    list.push({ id: x.requirement, status: x.state as ResultState, message: x.message });
  }
  return grades.map((x) => ({ scorecard, entity: x.entity, score: x.score === null ? null : Number(x.score), grade: x.grade as Grade | null, requirements: byEntity.get(x.entity) ?? [] }));
}
