// Issue 2 targets: import 10,000 entities (< 3 s on SQLite; PostgreSQL reported), cycles + boot
// waves on 10,000 nodes / 30,000 edges (< 200 ms), GET /entities?owner= p99 < 20 ms under load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadCatalogFiles } from '../src/server/catalog/load.ts';
import { analyzeBoot } from '../src/server/graph/analysis.ts';
import { generateGraph } from '../src/server/graph/generate.ts';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { testConfig, testDeps } from '../src/server/testing/app.ts';
import { benchDb, report, time, type BenchDb, importSource, benchApp } from './lib.ts';
import { syntheticCatalog, writeCatalog } from './generate.ts';

const ENTITY_COUNT = 10_000;

async function importBench(engine: Engine, dir: string, db: BenchDb): Promise<void> {
  const { ms, value } = await time(async () => importSource(db.db, 'bench', await loadCatalogFiles([dir]), new Date()));
  if (value.rejected) throw new Error(`import failed: ${JSON.stringify(value.problems.slice(0, 3))}`);
  report({ bench: 'catalog', metric: `import ${value.added + value.updated + value.unchanged} entities from YAML (${engine})`, value: ms, unit: 'ms', target: engine === 'sqlite' ? '< 3000 ms' : 'report', ok: engine === 'sqlite' ? ms < 3000 : undefined });
  const again = await time(async () => importSource(db.db, 'bench', await loadCatalogFiles([dir]), new Date()));
  report({ bench: 'catalog', metric: `re-import unchanged (${engine})`, value: again.ms, unit: 'ms' });
}

export async function graphBench(): Promise<void> {
  const g = generateGraph(10_000, 30_000, 7);
  analyzeBoot(g); // warm up the JIT, as a long-running server would be
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push((await time(() => analyzeBoot(g))).ms);
  runs.sort((a, b) => a - b);
  report({ bench: 'graph', metric: 'cycles + boot waves, 10,000 nodes / 30,000 edges (median of 5)', value: runs[2], unit: 'ms', target: '< 200 ms', ok: runs[2] < 200 });
}

async function listBench(engine: Engine, db: BenchDb, team: string): Promise<void> {
  const deps = testDeps(db as never, testConfig());
  const app = await benchApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const result = await autocannon({ url: `http://127.0.0.1:${port}/api/v1/entities?owner=${team}&limit=50`, connections: 10, duration: 5 });
  await app.close();
  report({ bench: 'catalog', metric: `GET /entities?owner= p99 at ${ENTITY_COUNT} entities, 10 conns (${engine})`, value: result.latency.p99, unit: 'ms', target: '< 20 ms', ok: result.latency.p99 < 20 });
  report({ bench: 'catalog', metric: `  throughput (${engine})`, value: result.requests.average, unit: 'req/s' });
}

export async function catalogBench(engines: Engine[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-bench-catalog-'));
  const synthetic = syntheticCatalog(ENTITY_COUNT - 220, { teams: 200, systems: 20 });
  writeCatalog(dir, synthetic.entities);
  try {
    for (const engine of engines) {
      const db = await benchDb(engine);
      try {
        await importBench(engine, dir, db);
        await listBench(engine, db, synthetic.teams[7]);
      } finally {
        await db.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
