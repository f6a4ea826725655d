// `tally score --offline`: catalog, scorecard and facts files in, grades out — no server, no
// database (the pull-request check). Differences from the server, by design: network checks
// (http, prometheus) are n/a unless `probe` is set; manual checks are n/a (attestations live
// on the server); there are no waivers and no change statistics (the `changes` check is n/a).
import type { Entity } from '../../common/catalog.ts';
import { normalizeRef } from '../../common/refs.ts';
import { loadCatalogFiles } from '../catalog/load.ts';
import { deriveRelations } from '../catalog/relations.ts';
import { checkTypes as registry } from '../checks/registry.ts';
import type { CheckType, Fact } from '../checks/types.ts';
import type { Config } from '../platform/config.ts';
import { analyzeCatalog } from '../graph/snapshot.ts';
import { InputError, errorsOnly, formatProblem, problem, zodProblems, type Problem } from '../platform/problems.ts';
import { buildContexts } from './contexts.ts';
import { parseScorecard, type Scorecard } from './document.ts';
import { collectObservations, evaluateScorecard, type EntityResult } from './evaluate.ts';
import { factInputSchema, factsDocumentSchema, withAbsoluteTime } from './facts.ts';
import { collectDepsFrom } from './run.ts';

export interface OfflineResult {
  scorecard: string;
  entity: string;
  score: number | null;
  grade: EntityResult['grade'];
  requirements: { id: string; status: string; message: string }[];
}

export interface OfflineOptions {
  config: Config;
  probe: boolean;
  now: Date;
  scorecard?: string;
  /** Called after each scorecard (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** The check types offline: manual checks say n/a, since attestations are kept by the server. */
function offlineCheckTypes(): Map<string, CheckType> {
  const types = new Map(registry);
  const manual = types.get('manual');
  if (manual) types.set('manual', { ...manual, evaluate: () => ({ state: 'n/a', message: 'attestations are kept by the server; not known offline' }) });
  return types;
}

export async function evaluateFiles(paths: readonly string[], opts: OfflineOptions): Promise<{ results: OfflineResult[]; warnings: Problem[] }> {
  const loaded = await loadCatalogFiles(paths);
  const problems: Problem[] = [...loaded.problems];
  const types = offlineCheckTypes();
  const scorecards: Scorecard[] = [];
  for (const d of loaded.documents.filter((x) => x.apiVersion === 'tally.dev/v1' && x.kind === 'Scorecard')) {
    const parsed = parseScorecard(d.body, { file: d.file, doc: d.doc }, { fromApi: false, checkTypes: types });
    problems.push(...parsed.problems);
    if (parsed.scorecard && (!opts.scorecard || parsed.scorecard.metadata.name === opts.scorecard)) scorecards.push(parsed.scorecard);
  }
  const entities = loaded.entities.map((l) => ({ ref: l.ref, entity: l.entity }));
  const facts = factsFromDocuments(loaded.documents, new Set(entities.map((e) => e.ref)), problems, opts.now);
  const errors = errorsOnly(problems);
  if (errors.length) throw new InputError(`the files have ${errors.length} error(s):\n  ${errors.map(formatProblem).join('\n  ')}`, errors);
  if (scorecards.length === 0) throw new InputError(opts.scorecard ? `no scorecard '${opts.scorecard}' in the files` : 'no Scorecard document in the files');
  const list: Entity[] = entities.map((e) => e.entity);
  const relations = deriveRelations(list);
  const analysis = analyzeCatalog(list, relations, opts.config.graph.rules as never);
  const contexts = buildContexts({ entities, relations, analysis, facts, now: opts.now });
  const fileOf = new Map(loaded.entities.map((l) => [l.ref, l.file]));
  const deps = { ...collectDepsFrom({ config: opts.config, clock: () => opts.now }, !opts.probe) };
  const results: OfflineResult[] = [];
  for (const [i, sc] of scorecards.entries()) {
    const observations = await collectObservations(sc, contexts, deps, { checkTypes: types, batchTimeoutMs: opts.config.checks.batchTimeoutMs, entityFile: (r) => fileOf.get(r) });
    for (const r of evaluateScorecard(sc, contexts, observations, { now: opts.now, checkTypes: types })) {
      results.push({ scorecard: r.scorecard, entity: r.entity, score: r.score, grade: r.grade, requirements: r.requirements.map((q) => ({ id: q.id, status: q.state, message: q.message })) });
    }
    opts.onProgress?.(i + 1, scorecards.length);
  }
  return { results, warnings: problems.filter((p) => p.severity === 'warning') };
}

/** Facts documents → latest fact per entity and name; problems for bad items and unknown entities. */
function factsFromDocuments(documents: Awaited<ReturnType<typeof loadCatalogFiles>>['documents'], known: Set<string>, problems: Problem[], now: Date): Map<string, Record<string, Fact>> {
  const out = new Map<string, Record<string, Fact>>();
  for (const d of documents.filter((x) => x.apiVersion === 'tally.dev/v1' && x.kind === 'Facts')) {
    const doc = factsDocumentSchema.safeParse(d.body);
    if (!doc.success) {
      problems.push(...zodProblems(doc.error, { file: d.file, doc: d.doc }));
      continue;
    }
    doc.data.spec.facts.forEach((item, i) => {
      const at = (field: string) => ({ file: d.file, doc: d.doc, field: `spec.facts[${i}].${field}` });
      const f = factInputSchema.safeParse(withAbsoluteTime(item, now));
      if (!f.success) return void problems.push(...zodProblems(f.error, { file: d.file, doc: d.doc }, `spec.facts[${i}]`));
      const ref = normalizeRef(f.data.entity, { defaultKind: 'component' });
      if (!ref || !known.has(ref)) return void problems.push(problem(`no entity ${ref ?? f.data.entity} in these files`, at('entity')));
      const facts = out.get(ref) ?? {};
      out.set(ref, facts);
      const prev = facts[f.data.name];
      if (!prev || prev.observedAt <= f.data.observedAt) facts[f.data.name] = { name: f.data.name, value: f.data.value, observedAt: f.data.observedAt };
    });
  }
  return out;
}
