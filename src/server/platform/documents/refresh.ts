// Reads every source listed in tally.yaml once and hands the result to each consumer:
// the catalog import first, then the loaders of Tally's own documents (scorecards, policies, …).
import type { AppDeps } from '../deps.ts';
import { importSource, type ImportOutcome } from '../../catalog/import.ts';
import { loadCatalogFiles, type LoadedDocument } from '../../catalog/load.ts';
import { resolveFromConfig } from '../config.ts';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'log' | 'metrics'>;

/** A consumer of non-catalog documents (tally.dev/v1 …) found in the sources. */
export type DocumentConsumer = (deps: Deps, documents: LoadedDocument[]) => Promise<void>;

export interface RefreshReport {
  outcomes: ImportOutcome[];
  documents: LoadedDocument[];
}

export async function refreshSources(deps: Deps, consumers: DocumentConsumer[] = []): Promise<RefreshReport> {
  const outcomes: ImportOutcome[] = [];
  const documents: LoadedDocument[] = [];
  for (const source of deps.config.catalog.sources) {
    const loaded = await loadCatalogFiles([resolveFromConfig(deps.config, source)], { maxFileBytes: deps.config.catalog.maxFileBytes });
    const outcome = await importSource(deps.db, source, loaded, deps.clock());
    deps.metrics.importDuration.observe({ source, status: outcome.status }, outcome.durationMs / 1000);
    const level = outcome.status === 'ok' ? 'info' : 'warn';
    deps.log[level]({ source, status: outcome.status, added: outcome.added, updated: outcome.updated, removed: outcome.removed, problems: outcome.problems.length }, 'catalog source imported');
    outcomes.push(outcome);
    documents.push(...loaded.documents);
  }
  for (const consume of consumers) await consume(deps, documents);
  return { outcomes, documents };
}
