// The evaluation service: loads scorecards and what checks read (catalog, graph analysis,
// facts, attestations, waivers), collects observations (I/O, bounded), evaluates (pure) and
// persists only the differences, one transaction per scorecard. One broken check or
// collector never aborts a run: its items get `error`; a failing scorecard is recorded as a
// failed run and the others go on.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { mapLimit } from '../../platform/outbound/fetch.ts';
import { outboundPolicyOf } from '../../platform/outbound/guard.ts';
import type { CheckContext, CollectDeps, Grading } from '../../checks/index.ts';
import type { EventBus } from '../../platform/events/events.ts';
import { collectObservations, evaluateScorecardYielding, type EntityResult } from './evaluate.ts';
import { gradeChangeEvents } from '../events.ts';
import { persistResults } from '../history/history.ts';
import { activeWaivers } from '../waivers/repository.ts';
import { loadEvaluationInputs } from './run-inputs.ts';
import type { Scorecard } from '../document/document.ts';
import { loadScorecards, recordRun } from '../repository.ts';
import type { Waiver } from './scoring.ts';

export interface RunDeps {
  db: Db;
  config: Config;
  clock: Clock;
  log?: Pick<Logger, 'warn' | 'error' | 'info'>;
  fetch?: typeof fetch;
  grading: Grading;
  /** Grade changes are published as `grade.changed` events, in the run's transaction. */
  events: EventBus;
}

export interface RunRequest {
  /** Scorecard names; all when absent. */
  scorecards?: readonly string[];
  /** Entity refs (full form); all when absent. */
  entities?: readonly string[];
  trigger: string;
}

export interface RunSummary {
  id: string;
  scorecard: string;
  version: string;
  trigger: string;
  status: 'ok' | 'failed';
  startedAt: string;
  finishedAt: string;
  entities: number;
  /** Requirement results and grades that changed (rows opened). */
  changed: number;
  /** Requirement results in state `error`. */
  errors: number;
  gradeChanges: number;
  failure?: string;
}

export function collectDepsFrom(deps: Pick<RunDeps, 'config' | 'clock' | 'fetch'>, offline = false): CollectDeps {
  const c = deps.config.checks;
  return {
    now: deps.clock,
    offline,
    fetch: deps.fetch ?? fetch,
    config: { outbound: outboundPolicyOf(deps.config), prometheus: c.prometheus as CollectDeps['config']['prometheus'], baseDir: deps.config.baseDir, publicUrl: deps.config.server.publicUrl },
    timeoutMs: c.timeoutMs,
  };
}

export async function runEvaluation(deps: RunDeps, req: RunRequest): Promise<RunSummary[]> {
  const scorecards = (await loadScorecards(deps.db, deps.grading, req.scorecards)).map((s) => s.scorecard);
  if (scorecards.length === 0) return [];
  const now = deps.clock();
  const inputs = await loadEvaluationInputs(deps.db, deps.config, deps.grading.providers, now, req.entities);
  const waivers = await activeWaivers(deps.db, now);
  return mapLimit(scorecards, deps.config.checks.concurrency, (sc) => runOne(deps, sc, inputs, waivers, req));
}

type Inputs = Awaited<ReturnType<typeof loadEvaluationInputs>>;

async function runOne(deps: RunDeps, sc: Scorecard, inputs: Inputs, waivers: Waiver[], req: RunRequest): Promise<RunSummary> {
  const id = randomUUID();
  const startedAt = deps.clock();
  const base = { id, scorecard: sc.metadata.name, version: sc.version, trigger: req.trigger, startedAt: startedAt.toISOString() };
  try {
    const results = await evaluateNow(deps, sc, inputs.contexts, inputs.entityFile, waivers);
    const now = deps.clock();
    const summary = await deps.db.transaction().execute(async (tx) => {
      const p = await persistResults(tx, sc.metadata.name, results, { entities: req.entities }, startedAt);
      const s: RunSummary = { ...base, status: 'ok', finishedAt: now.toISOString(), entities: results.length, changed: p.requirementsOpened + p.gradeChanges.length, errors: countErrors(results), gradeChanges: p.gradeChanges.length };
      await recordRun(tx, runRow(s, inputs.generation));
      await deps.events.publish(tx, gradeChangeEvents(sc.metadata.name, p.gradeChanges), now);
      return s;
    });
    return summary;
  } catch (err) {
    deps.log?.error({ err, scorecard: sc.metadata.name }, 'evaluation run failed');
    const s: RunSummary = { ...base, status: 'failed', finishedAt: deps.clock().toISOString(), entities: 0, changed: 0, errors: 0, gradeChanges: 0, failure: (err as Error).message };
    await recordRun(deps.db, runRow(s, inputs.generation)).catch(() => undefined);
    return s;
  }
}

/** Collect (I/O) then evaluate (pure) one scorecard over the contexts. */
export async function evaluateNow(deps: RunDeps, sc: Scorecard, contexts: readonly CheckContext[], entityFile: (ref: string) => string | undefined, waivers: readonly Waiver[]): Promise<EntityResult[]> {
  const observations = await collectObservations(sc, contexts, collectDepsFrom(deps), {
    grading: deps.grading,
    batchTimeoutMs: deps.config.checks.batchTimeoutMs,
    entityFile,
  });
  return evaluateScorecardYielding(sc, contexts, observations, { now: deps.clock(), waivers, grading: deps.grading });
}

function countErrors(results: readonly EntityResult[]): number {
  let n = 0;
  for (const r of results) for (const q of r.requirements) if (q.state === 'error') n++;
  return n;
}

const runRow = (s: RunSummary, generation: string) => ({
  id: s.id,
  scorecard: s.scorecard,
  trigger: s.trigger,
  status: s.status,
  started_at: s.startedAt,
  finished_at: s.finishedAt,
  entities: s.entities,
  changed: s.changed,
  errors: s.errors,
  catalog_generation: generation,
});
