// What one evaluation run reads besides the scorecards, loaded once and shared by every
// scorecard of the run: the catalog with its graph analysis, facts, attestations and (when
// the changes domain provides them) change statistics, turned into CheckContexts.
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import { entityRef } from '../catalog/relations.ts';
import { currentAnalysis } from '../graph/snapshot.ts';
import { buildContexts } from './contexts.ts';
import { attestationsByEntity, factsByEntity } from './inputs.ts';
import type { CheckContext } from '../checks/types.ts';
import { changeStatsFor } from '../changes/index.ts';

export interface EvaluationInputs {
  contexts: CheckContext[];
  entityFile: (ref: string) => string | undefined;
  /** The catalog generation these inputs come from. */
  generation: string;
}

export async function loadEvaluationInputs(db: Db, config: Config, now: Date, only?: readonly string[]): Promise<EvaluationInputs> {
  const analysis = await currentAnalysis(db, config.graph.rules as never);
  const [files, facts, attestations] = await Promise.all([
    db.selectFrom('entities').select(['ref', 'file']).execute(),
    factsByEntity(db, only),
    attestationsByEntity(db, only),
  ]);
  const fileOf = new Map(files.map((f) => [f.ref, f.file ?? undefined]));
  const entities = analysis.entities.map((entity) => ({ ref: entityRef(entity), entity }));
  const changes = await changeStats(db, config, only ?? entities.map((e) => e.ref), now);
  const contexts = buildContexts({ entities, relations: analysis.relations, analysis, facts, attestations, changes, now, only: only ? new Set(only) : undefined });
  return { contexts, entityFile: (ref) => fileOf.get(ref), generation: analysis.generation };
}

/** Change statistics per entity from the changes domain (an entity without any is absent: the `changes` check is then n/a). */
async function changeStats(db: Db, config: Config, refs: readonly string[], now: Date): Promise<Map<string, Record<string, unknown>>> {
  const stats = await changeStatsFor(db, [...refs], now, { postmortemDays: config.changes.postmortemDays });
  return stats as unknown as Map<string, Record<string, unknown>>;
}
