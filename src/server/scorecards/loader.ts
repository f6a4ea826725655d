// Scorecard and Facts documents from the catalog sources (a DocumentConsumer, run after each
// refresh) and scorecards sent to the API. A bad document never half-applies: an invalid
// scorecard keeps its previous good version, an invalid Facts document is skipped whole, and
// the problems (file, document, field) are logged and shown on /status.
import type { Logger } from 'pino';
import type { LoadedDocument } from '../catalog/load.ts';
import { recordImport } from '../catalog/repository.ts';
import type { Db } from '../platform/db/connect.ts';
import { makeJobDue } from '../platform/jobs/leases.ts';
import { ConflictError, InputError, formatProblem, problem, zodProblems, type Problem } from '../platform/problems.ts';
import { parseScorecard, type Scorecard } from './document.ts';
import { factsDocumentSchema, validateFacts } from './facts.ts';
import { upsertFacts } from './inputs.ts';
import { scorecardJobName } from './jobs.ts';
import { deleteScorecards, getScorecardRow, lastRunGeneration, listScorecardRows, saveScorecard } from './store.ts';
import { catalogGeneration } from '../graph/snapshot.ts';

interface ConsumerDeps {
  db: Db;
  clock: () => Date;
  log: Pick<Logger, 'warn' | 'info'>;
}

export const FILE_SOURCE = 'file';
export const API_SOURCE = 'api';

/** Loads the Scorecard documents; returns the names whose version changed (new ones included). */
export async function applyScorecardDocuments(deps: ConsumerDeps, documents: readonly LoadedDocument[]): Promise<{ changed: string[]; problems: Problem[] }> {
  const docs = documents.filter((d) => d.apiVersion === 'tally.dev/v1' && d.kind === 'Scorecard');
  const problems: Problem[] = [];
  const valid = new Map<string, { sc: Scorecard; doc: LoadedDocument }>();
  let unnamedInvalid = false;
  for (const doc of docs) {
    const parsed = parseScorecard(doc.body, { file: doc.file, doc: doc.doc }, { fromApi: false });
    const name = typeof (doc.body.metadata as { name?: unknown } | undefined)?.name === 'string' ? String((doc.body.metadata as { name: string }).name) : undefined;
    problems.push(...parsed.problems);
    if (!parsed.scorecard) unnamedInvalid ||= !name;
    const sc = parsed.scorecard;
    if (!sc) continue;
    const first = valid.get(sc.metadata.name);
    if (first) problems.push(problem(`scorecard '${sc.metadata.name}' is also defined in ${first.doc.file}:${first.doc.doc}; this one is ignored`, { file: doc.file, doc: doc.doc, field: 'metadata.name' }));
    else valid.set(sc.metadata.name, { sc, doc });
  }
  const invalidNames = new Set(docs.map((d) => (d.body.metadata as { name?: string } | undefined)?.name).filter((n): n is string => typeof n === 'string' && !valid.has(n)));
  const changed = await deps.db.transaction().execute(async (tx) => {
    const out: string[] = [];
    for (const { sc, doc } of valid.values()) {
      const existing = await getScorecardRow(tx, sc.metadata.name);
      if (existing && existing.source === API_SOURCE) {
        problems.push(problem(`scorecard '${sc.metadata.name}' is managed through the API; remove it there first`, { file: doc.file, doc: doc.doc, field: 'metadata.name' }));
        continue;
      }
      const r = await saveScorecard(tx, sc, doc.body, { source: FILE_SOURCE, file: doc.file, doc: doc.doc }, deps.clock());
      if (r.changed) out.push(sc.metadata.name);
    }
    // A file scorecard that left the sources is removed (its history stays), unless an invalid
    // document might be it: then nothing is removed.
    if (!unnamedInvalid) {
      const gone = (await listScorecardRows(tx)).filter((r) => r.source === FILE_SOURCE && !valid.has(r.name) && !invalidNames.has(r.name)).map((r) => r.name);
      await deleteScorecards(tx, gone);
    }
    return out;
  });
  await reportDocumentProblems(deps, 'documents: Scorecard', docs.length, problems);
  return { changed, problems };
}

/** Loads the Facts documents; each document is applied whole or not at all. */
export async function applyFactsDocuments(deps: ConsumerDeps, documents: readonly LoadedDocument[]): Promise<{ entities: string[]; problems: Problem[] }> {
  const docs = documents.filter((d) => d.apiVersion === 'tally.dev/v1' && d.kind === 'Facts');
  const problems: Problem[] = [];
  const entities = new Set<string>();
  for (const doc of docs) {
    const shape = factsDocumentSchema.safeParse(doc.body);
    if (!shape.success) {
      problems.push(...zodProblems(shape.error, { file: doc.file, doc: doc.doc }));
      continue;
    }
    const { rows, problems: found } = await validateFacts(deps.db, shape.data.spec.facts, { file: doc.file, doc: doc.doc, base: 'spec.facts' }, deps.clock(), `file:${doc.file}`);
    problems.push(...found);
    if (rows.length === 0) continue;
    const written = await deps.db.transaction().execute((tx) => upsertFacts(tx, rows));
    if (written > 0) for (const r of rows) entities.add(r.entity);
  }
  await reportDocumentProblems(deps, 'documents: Facts', docs.length, problems);
  return { entities: [...entities], problems };
}

async function reportDocumentProblems(deps: ConsumerDeps, source: string, count: number, problems: Problem[]): Promise<void> {
  for (const p of problems) deps.log.warn({ problem: formatProblem(p) }, `${source}: problem`);
  if (count === 0 && problems.length === 0) return;
  const at = deps.clock().toISOString();
  const status = problems.some((p) => p.severity === 'error') ? 'failed' : 'ok';
  await recordImport(deps.db, { source, started_at: at, finished_at: at, status, entity_count: count, duration_ms: 0, problems: JSON.stringify(problems) });
}

/** PUT /api/v1/scorecards: validated as API input (no `command` checks); refuses to overwrite a file scorecard. */
export async function putScorecardFromApi(db: Db, body: unknown, now: Date): Promise<{ scorecard: Scorecard; created: boolean; changed: boolean }> {
  const parsed = parseScorecard(body, { file: 'request body', doc: 0 }, { fromApi: true });
  if (!parsed.scorecard) throw InputError.fromProblems('invalid scorecard', parsed.problems);
  const sc = parsed.scorecard;
  const existing = await getScorecardRow(db, sc.metadata.name);
  if (existing && existing.source !== API_SOURCE) throw new ConflictError(`scorecard '${sc.metadata.name}' comes from ${existing.file ?? 'a file'}; change it there`);
  const r = await db.transaction().execute((tx) => saveScorecard(tx, sc, body, { source: API_SOURCE }, now));
  if (r.changed) await makeJobDue(db, scorecardJobName(sc.metadata.name));
  return { scorecard: sc, created: !existing, changed: r.changed };
}

/**
 * The DocumentConsumer of this domain: loads Scorecard and Facts documents, then makes the
 * scheduled evaluations due — every scorecard when the catalog or facts changed, else the
 * scorecards whose rubric changed — so grades follow a refresh within one scheduler tick.
 */
export async function consumeScorecardDocuments(deps: ConsumerDeps, documents: LoadedDocument[]): Promise<void> {
  const scorecards = await applyScorecardDocuments(deps, documents);
  const facts = await applyFactsDocuments(deps, documents);
  const [generation, last, rows] = await Promise.all([catalogGeneration(deps.db), lastRunGeneration(deps.db), listScorecardRows(deps.db)]);
  const due = generation !== last || facts.entities.length > 0 ? rows.map((r) => r.name) : scorecards.changed;
  for (const name of due) await makeJobDue(deps.db, scorecardJobName(name));
}
