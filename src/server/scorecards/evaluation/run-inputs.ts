// What one evaluation run reads besides the scorecards, loaded once and shared by every
// scorecard of the run: the catalog and every context provider's values, turned into
// CheckContexts. Offline, the same from files: providers without an offline form are marked
// unavailable, so the checks that need them say so instead of guessing.
import type { CatalogView, CheckContext, ContextProvider } from '../../checks/index.ts';
import { catalogSnapshot } from '../../catalog/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { SourceDocument } from '../../platform/documents/files.ts';
import type { Problem } from '../../platform/problems.ts';
import { buildContexts } from './contexts.ts';

export interface EvaluationInputs {
  contexts: CheckContext[];
  entityFile: (ref: string) => string | undefined;
  /** The catalog generation these inputs come from. */
  generation: string;
}

export async function loadEvaluationInputs(db: Db, config: Config, providers: readonly ContextProvider[], now: Date, only?: readonly string[]): Promise<EvaluationInputs> {
  const snapshot = await catalogSnapshot(db);
  const catalog: CatalogView = snapshot;
  const loaded = await Promise.all(providers.map(async (p) => [p.name, await p.load({ db, config, now }, catalog, only)] as const));
  const contexts = buildContexts({ catalog, data: new Map(loaded), now, only: only ? new Set(only) : undefined });
  return { contexts, entityFile: (ref) => snapshot.byRef.get(ref)?.file, generation: snapshot.generation };
}

export async function offlineEvaluationInputs(input: { catalog: CatalogView; documents: readonly SourceDocument[]; config: Config; now: Date; problems: Problem[] }, providers: readonly ContextProvider[]): Promise<EvaluationInputs> {
  const data = new Map<string, ReadonlyMap<string, unknown>>();
  const unavailable: Record<string, string> = {};
  for (const p of providers) {
    if (p.offline) data.set(p.name, await p.offline(input));
    else unavailable[p.name] = p.offlineReason ?? `the \`${p.name}\` data lives on the server`;
  }
  const files = new Map(input.catalog.entities.map((e) => [e.ref, e.file]));
  return { contexts: buildContexts({ catalog: input.catalog, data, unavailable, now: input.now }), entityFile: (ref) => files.get(ref), generation: input.catalog.generation };
}
