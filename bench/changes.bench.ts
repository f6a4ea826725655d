// Issue 6 targets: batch ingest ≥ 5,000 changes/s on SQLite (PostgreSQL reported), through the
// function the API uses and through HTTP in batches of 500; suspects for a service with 20
// transitive dependencies in a 2-hour window with 1,000,000 changes stored: p99 < 20 ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadCatalogFiles } from '../src/server/catalog/load.ts';
import { changeInputSchema, type ChangeInput } from '../src/common/changes.ts';
import { recordChanges } from '../src/server/changes/ingest/record.ts';
import { findSuspects } from '../src/server/changes/suspects/service.ts';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { authHeader, testConfig, testDeps } from '../src/server/testing/app.ts';
import { benchApp, benchDb, percentile, report, type BenchDb, importSource } from './lib.ts';

export const SERVICES = 500;
export const HOT = 21; // svc-0 and its 20 transitive dependencies
export const STORED = 1_000_000;
export const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
export const SPACING_MS = 31_000; // 1,000,000 changes over about a year

/** svc-0 → svc-1..4; svc-k (k = 1..4) → svc-(4k+1)..svc-(4k+4): 20 dependencies, 1 and 2 hops away. */
function catalogYaml(): string {
  const docs = [];
  for (let i = 0; i < SERVICES; i++) {
    const deps = i === 0 ? [1, 2, 3, 4] : i <= 4 ? [4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4] : [];
    docs.push(`apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: svc-${i} }\nspec: { type: service, lifecycle: production, owner: team-a, dependsOn: [${deps.map((d) => `component:svc-${d}`).join(', ')}] }\n`);
  }
  return `${docs.join('---\n')}---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: team-a }\nspec: { type: team, children: [] }\n`;
}

/** The bench catalog (also the incidents bench's). */
export async function importCatalog(db: BenchDb): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-bench-changes-'));
  writeFileSync(join(dir, 'catalog.yaml'), catalogYaml());
  await importSource(db.db, 'bench', await loadCatalogFiles([dir]), new Date());
  rmSync(dir, { recursive: true, force: true });
}

function inputs(n: number, offset: number): ChangeInput[] {
  return Array.from({ length: n }, (_, i) =>
    changeInputSchema.parse({
      entities: [`svc-${(offset + i) % SERVICES}`],
      kind: 'deploy',
      summary: `Deploy svc-${(offset + i) % SERVICES} build ${offset + i}`,
      version: `v${offset + i}`,
      actor: 'ci-bot',
      source: 'cli',
      externalId: `bench-${offset + i}`,
      startedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + (offset + i) * 1000).toISOString(),
      status: 'succeeded',
      automated: true,
    }),
  );
}

async function ingestBench(engine: Engine, db: BenchDb): Promise<void> {
  const total = 20_000;
  const now = new Date('2026-12-01T00:00:00Z');
  const batches = Array.from({ length: total / 500 }, (_, k) => inputs(500, k * 500));
  const start = performance.now();
  for (const batch of batches) await db.db.transaction().execute((trx) => recordChanges(trx, batch, now, { batch: true }));
  const perSec = total / ((performance.now() - start) / 1000);
  report({ bench: 'changes', metric: `batch ingest, recordChanges, batches of 500 (${engine})`, value: perSec, unit: 'changes/s', target: engine === 'sqlite' ? '≥ 5000/s' : 'report', ok: engine === 'sqlite' ? perSec >= 5000 : undefined });

  const deps = testDeps(db as never, testConfig({}), () => now);
  const app = await benchApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/changes`;
  const headers = { ...(await authHeader(deps, 'editor')), 'content-type': 'application/json' };
  const bodies = Array.from({ length: 20 }, (_, k) => JSON.stringify({ changes: inputs(500, total + k * 500) }));
  const t0 = performance.now();
  for (const body of bodies) {
    const res = await fetch(url, { method: 'POST', headers, body });
    if (res.status !== 201) throw new Error(`ingest over HTTP failed: ${res.status} ${await res.text()}`);
  }
  const httpPerSec = 10_000 / ((performance.now() - t0) / 1000);
  await app.close();
  report({ bench: 'changes', metric: `batch ingest, POST /api/v1/changes, batches of 500 (${engine})`, value: httpPerSec, unit: 'changes/s', target: engine === 'sqlite' ? '≥ 5000/s' : 'report', ok: engine === 'sqlite' ? httpPerSec >= 5000 : undefined });
}

/** Row i: half on the 21 hot services, half spread over the rest; one every 31 s over a year. */
function seedRow(i: number) {
  const svc = i % 2 === 0 ? (i >> 1) % HOT : HOT + ((i >> 1) % (SERVICES - HOT));
  const started = new Date(YEAR_START + i * SPACING_MS).toISOString();
  const finished = new Date(YEAR_START + i * SPACING_MS + 120_000).toISOString();
  const entity = `component:default/svc-${svc}`;
  const kind = ['deploy', 'config', 'feature-flag', 'infra'][i % 4];
  const status = i % 17 === 0 ? 'failed' : 'succeeded';
  return { id: `seed-${i}`, entity, started, finished, kind, status, summary: `${kind} of svc-${svc} #${i}` };
}

const INSERT_COLUMNS = 'id, source, external_id, kind, summary, environment, started_at, finished_at, status, automated, entities, unmapped, created_at, updated_at, search_text, version';

/** 1,000,000 changes straight into the tables (also the incidents bench's). */
export async function seedSqlite(file: string): Promise<void> {
  const raw = new SQLite(file);
  const change = raw.prepare(`INSERT INTO changes (${INSERT_COLUMNS}) VALUES (?, 'bench', NULL, ?, ?, 'production', ?, ?, ?, 1, ?, 0, ?, ?, ?, ?)`);
  const link = raw.prepare('INSERT INTO change_entities (change_id, entity, started_at, ended_at, long_running) VALUES (?, ?, ?, ?, 0)');
  raw.transaction(() => {
    for (let i = 0; i < STORED; i++) {
      const r = seedRow(i);
      change.run(r.id, r.kind, r.summary, r.started, r.finished, r.status, JSON.stringify([r.entity]), r.started, r.started, r.summary.toLowerCase(), `v${i}`);
      link.run(r.id, r.entity, r.started, r.finished);
    }
  })();
  raw.pragma('optimize');
  raw.close();
}

export async function seedPostgres(db: BenchDb): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const iso = (expr: string) => `to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const start = `(timestamptz '2026-01-01T00:00:00Z' + i * interval '${SPACING_MS / 1000} seconds')`;
  const svc = `(case when i % 2 = 0 then (i / 2) % ${HOT} else ${HOT} + (i / 2) % ${SERVICES - HOT} end)`;
  const kind = `(array['deploy','config','feature-flag','infra'])[i % 4 + 1]`;
  await client.query(`INSERT INTO changes (${INSERT_COLUMNS})
    SELECT 'seed-' || i, 'bench', NULL, ${kind}, ${kind} || ' of svc-' || ${svc} || ' #' || i, 'production', ${iso(start)}, ${iso(`${start} + interval '2 minutes'`)},
      case when i % 17 = 0 then 'failed' else 'succeeded' end, 1, '["component:default/svc-' || ${svc} || '"]', 0, ${iso(start)}, ${iso(start)}, 'x', 'v' || i
    FROM generate_series(0, ${STORED - 1}) AS i`);
  await client.query(`INSERT INTO change_entities (change_id, entity, started_at, ended_at, long_running)
    SELECT id, 'component:default/svc-' || substring(entities from 'svc-([0-9]+)'), started_at, finished_at, 0 FROM changes WHERE source = 'bench'`);
  await client.query('ANALYZE');
  await client.end();
}

async function suspectsBench(engine: Engine, db: BenchDb): Promise<void> {
  await importCatalog(db);
  const seedStart = performance.now();
  if (engine === 'sqlite') await seedSqlite(db.url);
  else await seedPostgres(db);
  report({ bench: 'changes', metric: `seed ${STORED.toLocaleString('en')} changes directly (${engine})`, value: (performance.now() - seedStart) / 1000, unit: 's' });
  const rules: never[] = [];
  const span = STORED * SPACING_MS;
  const at = (k: number) => new Date(YEAR_START + ((k * 7919) % 1000) * (span / 1000) + 3_600_000);
  for (let k = 0; k < 20; k++) await findSuspects(db.db, rules, { entity: 'component:default/svc-0', at: at(k), windowMs: 7_200_000, limit: 20 });
  const times: number[] = [];
  let candidates = 0;
  for (let k = 0; k < 500; k++) {
    const t0 = performance.now();
    const r = await findSuspects(db.db, rules, { entity: 'component:default/svc-0', at: at(k), windowMs: 7_200_000, limit: 20 });
    times.push(performance.now() - t0);
    candidates += r.suspects.length;
    if (r.dependencies.length !== 20) throw new Error(`expected 20 dependencies, got ${r.dependencies.length}`);
  }
  times.sort((a, b) => a - b);
  const p99 = percentile(times, 99);
  report({ bench: 'changes', metric: `suspects, 20 deps, 2 h window, 1M stored: p99 of 500 calls (${engine})`, value: p99, unit: 'ms', target: '< 20 ms', ok: p99 < 20 });
  report({ bench: 'changes', metric: `  p50 (${engine}); suspects returned per call (avg, capped at 20)`, value: percentile(times, 50), unit: `ms; ${Math.round(candidates / 500)}` });
  await suspectsOverHttp(engine, db, at(3));
}

async function suspectsOverHttp(engine: Engine, db: BenchDb, at: Date): Promise<void> {
  const app = await benchApp(testDeps(db as never, testConfig({})));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/api/v1/changes/suspects?entity=svc-0&at=${at.toISOString()}&window=2h`;
  // One connection: the latency of a call, not the queue in front of one SQLite connection.
  const result = await autocannon({ url, connections: 1, duration: 5 });
  await app.close();
  report({ bench: 'changes', metric: `GET /changes/suspects p99, 1 conn, 5 s (${engine})`, value: result.latency.p99, unit: 'ms', target: '< 20 ms', ok: result.latency.p99 < 20 });
  report({ bench: 'changes', metric: `  throughput (${engine})`, value: result.requests.average, unit: 'req/s' });
}

export async function changesBench(engines: Engine[]): Promise<void> {
  for (const engine of engines) {
    const ingestDb = await benchDb(engine);
    try {
      await importCatalog(ingestDb);
      await ingestBench(engine, ingestDb);
    } finally {
      await ingestDb.drop();
    }
    const db = await benchDb(engine);
    try {
      await suspectsBench(engine, db);
    } finally {
      await db.drop();
    }
  }
}
