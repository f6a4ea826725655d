// Issue 3 targets: (a) 10,000 services × 30 `expr` requirements, full evaluation including
// persistence (< 2 s on SQLite; PostgreSQL reported); (b) the same 30 rules in json-rules-engine
// (Backstage Tech Insights' engine) vs Tally's evaluator, same run (Tally ≥ 10×; measured
// against one engine reused for every entity, the peer's fastest use; Tech Insights itself
// builds an engine per entity, reported beside it); (c) 100 runs over 10,000 services with
// 1 % of the results changing per run: database size, read two ways (see scorecardsBench).
import { sql } from 'kysely';
import { Engine as RulesEngine } from 'json-rules-engine';
import type { Entity } from '../src/common/catalog.ts';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { entityRef } from '../src/server/catalog/relations.ts';
import { deriveRelations } from '../src/server/catalog/relations.ts';
import { analyzeCatalog } from '../src/server/graph/snapshot.ts';
import { buildContexts } from '../src/server/scorecards/evaluation/contexts.ts';
import { hostEvents } from '../src/server/host.ts';
import { graphFacts } from '../src/server/graph/index.ts';
import { parseScorecard, type Scorecard } from '../src/server/scorecards/document/document.ts';
import { evaluateScorecard } from '../src/server/scorecards/evaluation/evaluate.ts';
import { upsertFacts } from '../src/server/facts/repository.ts';
import { runEvaluation } from '../src/server/scorecards/evaluation/run.ts';
import { saveScorecard } from '../src/server/scorecards/repository.ts';
import { testConfig } from '../src/server/testing/app.ts';
import { syntheticCatalog } from './generate.ts';
import { benchDb, benchHost, report, time, type BenchDb, importSource } from './lib.ts';

const SERVICES = 10_000;

/** 30 rules from three templates with varying thresholds; each also as a json-rules-engine rule. */
function rules(): { id: string; expr: string; jre: Record<string, unknown> }[] {
  return Array.from({ length: 30 }, (_, k) => {
    const id = `r${k}`;
    if (k % 3 === 0) return { id, expr: `tier <= ${1 + (k % 3) + (k % 2)}`, jre: { all: [{ fact: 'tier', operator: 'lessThanInclusive', value: 1 + (k % 3) + (k % 2) }] } };
    if (k % 3 === 1) return { id, expr: `dependencies.size() <= ${k % 5}`, jre: { all: [{ fact: 'deps', operator: 'lessThanInclusive', value: k % 5 }] } };
    return { id, expr: 'entity.spec.lifecycle == "production" && "tally.dev/runbook-url" in entity.metadata.annotations', jre: { all: [{ fact: 'lifecycle', operator: 'equal', value: 'production' }, { fact: 'hasRunbook', operator: 'equal', value: true }] } };
  });
}

function benchScorecard(extra: Record<string, unknown>[] = []): { body: Record<string, unknown>; sc: Scorecard } {
  const requirements = [...rules().map((r) => ({ id: r.id, title: r.id, weight: 1 + (Number(r.id.slice(1)) % 4), check: { type: 'expr', expr: r.expr } })), ...extra];
  const body = { apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name: 'bench' }, spec: { appliesTo: { kind: 'Component' }, requirements } };
  const { scorecard, problems } = parseScorecard(body, {}, { fromApi: false, grading: benchHost.grading });
  if (!scorecard) throw new Error(JSON.stringify(problems));
  return { body, sc: scorecard };
}

async function seed(db: BenchDb, entities: Entity[], extra: Record<string, unknown>[] = []): Promise<void> {
  const loaded = { entities: entities.map((entity, doc) => ({ entity, ref: entityRef(entity), file: 'bench.yaml', doc })), documents: [], problems: [], files: ['bench.yaml'] };
  const outcome = await importSource(db.db, 'bench', loaded, new Date());
  if (outcome.rejected) throw new Error(`import failed: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  const { body, sc } = benchScorecard(extra);
  await saveScorecard(db.db, sc, body, { source: 'file' }, new Date());
}

const runDeps = (db: BenchDb, now: Date) => ({ db: db.db, config: testConfig({ checks: { concurrency: 1 } }), clock: () => now, grading: benchHost.grading, events: hostEvents(benchHost) });

async function fullEvaluationBench(engine: Engine, entities: Entity[]): Promise<void> {
  const db = await benchDb(engine);
  try {
    await seed(db, entities);
    const first = await time(() => runEvaluation(runDeps(db, new Date('2026-01-01T00:00:00Z')), { trigger: 'bench' }));
    const rows = first.value[0].changed;
    report({ bench: 'scorecards', metric: `first run, 10k × 30 expr, ${rows} rows written (${engine})`, value: first.ms, unit: 'ms', target: engine === 'sqlite' ? '< 2000 ms' : 'report', ok: engine === 'sqlite' ? first.ms < 2000 : undefined });
    const again = await time(() => runEvaluation(runDeps(db, new Date('2026-01-01T00:10:00Z')), { trigger: 'bench' }));
    report({ bench: 'scorecards', metric: `re-run, nothing changed, ${again.value[0].changed} rows written (${engine})`, value: again.ms, unit: 'ms', target: engine === 'sqlite' ? '< 2000 ms' : 'report', ok: engine === 'sqlite' ? again.ms < 2000 : undefined });
  } finally {
    await db.drop();
  }
}

async function peerBench(entities: Entity[]): Promise<void> {
  const { sc } = benchScorecard();
  const relations = deriveRelations(entities);
  const list = entities.map((entity) => ({ ref: entityRef(entity), entity }));
  const analysis = analyzeCatalog(entities, relations, []);
  const catalog = { entities: list, relations, generation: 'bench' };
  const contexts = buildContexts({ catalog, data: new Map([['graph', graphFacts(analysis)]]), now: new Date() }).filter((c) => c.entity.kind === 'Component');
  const evaluations = contexts.length * 30;
  const jreRules = rules().map((r) => ({ conditions: r.jre, event: { type: r.id } }));
  const engine = new RulesEngine(jreRules as never, { allowUndefinedFacts: true });
  const facts = contexts.map((c) => ({ tier: Number(c.entity.metadata.annotations?.['tally.dev/tier'] ?? 0), deps: c.dependencies.length, lifecycle: c.entity.spec?.lifecycle, hasRunbook: 'tally.dev/runbook-url' in (c.entity.metadata.annotations ?? {}) }));
  // As Tech Insights' JsonRulesEngineFactChecker.runChecks drives it: a new engine per entity, every rule added, then run.
  const perEntity = async () => {
    for (const f of facts) {
      const e = new RulesEngine([], { allowUndefinedFacts: true });
      for (const r of jreRules) e.addRule(r as never);
      await e.run(f);
    }
  };
  // As a long-running server runs them: one warm-up run of each, then ROUNDS rounds in turn, so
  // that a slow moment of this shared machine hits both sides of a round's ratio.
  const [tally, jre, techInsights] = await interleaved([() => evaluateScorecard(sc, contexts, new Map(), { now: new Date(), grading: benchHost.grading }), async () => {
    for (const f of facts) await engine.run(f);
  }, perEntity]);
  const rate = (ms: number) => evaluations / (ms / 1000);
  const ratios = tally.map((ms, i) => jre[i] / ms).sort((a, b) => a - b);
  report({ bench: 'scorecards', metric: `Tally evaluator: ${contexts.length} × 30 rules, scored (warm, median of ${ROUNDS})`, value: rate(median(tally)), unit: 'rules/s' });
  report({ bench: 'scorecards', metric: `json-rules-engine (peer), one engine for all entities: same rules, same entities (warm, median of ${ROUNDS})`, value: rate(median(jre)), unit: 'rules/s' });
  report({ bench: 'scorecards', metric: `Tally ÷ json-rules-engine, median of the ${ROUNDS} rounds' ratios`, value: median(ratios), unit: '×', target: '≥ 10×', ok: median(ratios) >= 10 });
  report({ bench: 'scorecards', metric: '  lowest round', value: ratios[0], unit: '×' });
  report({ bench: 'scorecards', metric: '  highest round', value: ratios[ratios.length - 1], unit: '×' });
  report({ bench: 'scorecards', metric: 'json-rules-engine as Tech Insights drives it (an engine per entity)', value: rate(median(techInsights)), unit: 'rules/s' });
  report({ bench: 'scorecards', metric: 'Tally ÷ json-rules-engine as Tech Insights drives it', value: median(techInsights) / median(tally), unit: '×' });
}

const ROUNDS = 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each function once to warm up, then ROUNDS rounds of each in turn; the times (ms) per function. */
async function interleaved(fns: (() => unknown)[]): Promise<number[][]> {
  for (const fn of fns) await fn();
  const times = fns.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < fns.length; i++) times[i].push((await time(fns[i])).ms);
  return times;
}

async function sqliteBytes(db: BenchDb): Promise<number> {
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db.db);
  const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db.db);
  const size = await sql<{ page_size: number }>`pragma page_size`.execute(db.db);
  return pages.rows[0].page_count * size.rows[0].page_size;
}

/** Bytes per table (its indexes included), from SQLite's dbstat. */
async function tableBytes(db: BenchDb): Promise<Map<string, number>> {
  const rows = await sql<{ tbl: string; bytes: number }>`select m.tbl_name as tbl, sum(s.pgsize) as bytes from dbstat s join sqlite_master m on m.name = s.name group by m.tbl_name`.execute(db.db);
  return new Map(rows.rows.map((r) => [r.tbl, Number(r.bytes)]));
}

/**
 * `runs` runs; before each, the `toggle` fact flips for `perRun` services (the next ones in
 * turn), so each changes one result and usually its grade. Reports the file's growth after run 1.
 */
async function growthBench(entities: Entity[], runs: number, perRun: number, label: string, target?: number): Promise<void> {
  const db = await benchDb('sqlite');
  try {
    await seed(db, entities, [{ id: 'toggle', title: 'toggle', weight: 5, check: { type: 'fact', fact: 'toggle' } }]);
    const services = entities.filter((e) => e.kind === 'Component').map(entityRef);
    const values = services.map(() => false);
    const base = Date.parse('2026-01-01T00:00:00Z');
    // Every service has the fact before the first run (pipelines push it regularly); runs change some of the values.
    const seeded = new Date(base - 600_000).toISOString();
    await upsertFacts(db.db, services.map((entity) => ({ entity, name: 'toggle', value: 'false', observed_at: seeded, received_at: seeded, source: 'bench' })));
    let sizeAfterFirst = 0;
    let tablesAfterFirst = new Map<string, number>();
    let written = 0;
    const started = performance.now();
    for (let run = 0; run < runs; run++) {
      const at = new Date(base + run * 600_000).toISOString();
      const flip = Array.from({ length: perRun }, (_, k) => (run * perRun + k) % services.length);
      for (const i of flip) values[i] = !values[i];
      await upsertFacts(db.db, flip.map((i) => ({ entity: services[i], name: 'toggle', value: String(values[i]), observed_at: at, received_at: at, source: 'bench' })));
      const [summary] = await runEvaluation(runDeps(db, new Date(at)), { trigger: 'bench' });
      if (run > 0) written += summary.changed;
      if (run === 0) {
        sizeAfterFirst = await sqliteBytes(db);
        tablesAfterFirst = await tableBytes(db);
      }
    }
    const sizeAfterAll = await sqliteBytes(db);
    const tablesAfterAll = await tableBytes(db);
    const growth = (sizeAfterAll - sizeAfterFirst) / 1e6;
    const grown = (tables: string[]) => tables.reduce((sum, t) => sum + (tablesAfterAll.get(t) ?? 0) - (tablesAfterFirst.get(t) ?? 0), 0) / 1e6;
    const results = ['requirement_current', 'requirement_closed', 'grade_current', 'grade_closed', 'result_digests'];
    report({ bench: 'scorecards', metric: `${label}: ${runs} runs, rows written after run 1`, value: written, unit: 'rows' });
    report({ bench: 'scorecards', metric: '  SQLite size after run 1', value: sizeAfterFirst / 1e6, unit: 'MB' });
    report({ bench: 'scorecards', metric: `  SQLite size after run ${runs}`, value: sizeAfterAll / 1e6, unit: 'MB' });
    report({ bench: 'scorecards', metric: `  growth over ${runs - 1} runs`, value: growth, unit: 'MB', ...(target ? { target: `< ${target} MB`, ok: growth < target } : {}) });
    report({ bench: 'scorecards', metric: `  of which the result tables (${results.join(', ')})`, value: grown(results), unit: 'MB' });
    report({ bench: 'scorecards', metric: '  growth per row written', value: written ? (sizeAfterAll - sizeAfterFirst) / written : 0, unit: 'bytes' });
    report({ bench: 'scorecards', metric: '  mean time per run (incl. fact upserts)', value: (performance.now() - started) / runs, unit: 'ms' });
  } finally {
    await db.drop();
  }
}

export async function scorecardsBench(engines: Engine[]): Promise<void> {
  const { entities } = syntheticCatalog(SERVICES);
  for (const engine of engines) await fullEvaluationBench(engine, entities);
  await peerBench(entities);
  const runs = Number(process.env.TALLY_BENCH_RUNS ?? 100);
  const services = entities.filter((e) => e.kind === 'Component').length;
  // "1 % of results changing per run", read two ways: 1 % of the services change a result each
  // (the target's reading here), and 1 % of all results (services × 31 requirements) change.
  await growthBench(entities, runs, services / 100, '1 % of services change one result per run', 5);
  await growthBench(entities, runs, Math.round((services * 31) / 100), '1 % of all results change per run');
}
