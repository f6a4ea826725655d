// `tally score --offline`: catalog, scorecard and facts files in, grades out — no server, no
// database (the pull-request check). It reads documents and evaluates exactly as the server
// does (the same document kinds, context providers and evaluator); what it cannot know offline
// it says: network checks are not probed unless `probe` is set, and a check that needs data
// only the server keeps (change statistics, attestations) is "could not be evaluated offline".
import { deriveRelations, entityKind, loadCatalogFiles } from '../../catalog/index.ts';
import type { Host } from '../../module.ts';
import type { Config } from '../../platform/config.ts';
import { parseDocuments } from '../../platform/documents/kinds.ts';
import { InputError, errorsOnly, formatProblem, type Problem } from '../../platform/problems.ts';
import type { Scorecard } from '../document/document.ts';
import { collectObservations, evaluateScorecard, type EntityResult } from './evaluate.ts';
import { scorecardKind } from '../document/kind.ts';
import { collectDepsFrom } from './run.ts';
import { offlineEvaluationInputs } from './run-inputs.ts';

export interface OfflineResult {
  scorecard: string;
  entity: string;
  score: number | null;
  grade: EntityResult['grade'];
  requirements: { id: string; status: string; message: string; offline?: true }[];
}

export interface OfflineOptions {
  config: Config;
  probe: boolean;
  now: Date;
  scorecard?: string;
  /** Called after each scorecard (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

export async function evaluateFiles(paths: readonly string[], host: Host, opts: OfflineOptions): Promise<{ results: OfflineResult[]; warnings: Problem[] }> {
  const loaded = await loadCatalogFiles(paths, { maxFileBytes: opts.config.catalog.maxFileBytes });
  const kinds = host.documents.filter((k) => k.name !== entityKind.name);
  const parsed = parseDocuments(loaded.documents, kinds, host);
  const problems: Problem[] = [...loaded.problems, ...parsed.results.flatMap((r) => r.problems)];
  const scorecards = (parsed.results.find((r) => r.kind.name === scorecardKind.name)?.items ?? [])
    .map((i) => i.value as Scorecard)
    .filter((sc) => !opts.scorecard || sc.metadata.name === opts.scorecard);
  const entities = loaded.entities.map((l) => ({ ref: l.ref, entity: l.entity, file: l.file }));
  const catalog = { entities, relations: deriveRelations(entities.map((e) => e.entity)), generation: 'files' };
  const inputs = await offlineEvaluationInputs({ catalog, documents: loaded.documents, config: opts.config, now: opts.now, problems }, host.grading.providers);
  const errors = errorsOnly(loaded.locate(problems));
  if (errors.length) throw new InputError(`the files have ${errors.length} error(s):\n  ${errors.map(formatProblem).join('\n  ')}`, errors);
  if (scorecards.length === 0) throw new InputError(opts.scorecard ? `no scorecard '${opts.scorecard}' in the files` : 'no Scorecard document in the files');
  const deps = collectDepsFrom({ config: opts.config, clock: () => opts.now }, !opts.probe);
  const results: OfflineResult[] = [];
  for (const [i, sc] of scorecards.entries()) {
    const observations = await collectObservations(sc, inputs.contexts, deps, { grading: host.grading, batchTimeoutMs: opts.config.checks.batchTimeoutMs, entityFile: inputs.entityFile });
    for (const r of evaluateScorecard(sc, inputs.contexts, observations, { now: opts.now, grading: host.grading })) {
      const requirements = r.requirements.map((q) => ({ id: q.id, status: q.state, message: q.message, ...((q.evidence as { offline?: boolean } | undefined)?.offline ? { offline: true as const } : {}) }));
      results.push({ scorecard: r.scorecard, entity: r.entity, score: r.score, grade: r.grade, requirements });
    }
    opts.onProgress?.(i + 1, scorecards.length);
  }
  return { results, warnings: problems.filter((p) => p.severity === 'warning') };
}
