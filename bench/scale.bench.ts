// Issue 19's read figures on PostgreSQL: leaderboard and report card p99 at 10,000 services with
// 200 concurrent clients (autocannon in a child process); then the same read load while pgbench
// (another process) writes 1 KB rows to the primary at up to 2,000 a second, first with every read on the
// primary, then with a real streaming replica (src/server/testing/replica.ts) serving the reads. On one
// machine the replica shares the cores with the primary and the writer: that figure is a sanity
// check of the routing under load, not a measure of what a second machine would give.
// TALLY_BENCH_SCALE_PRIMARY_ONLY=1 stops after the first figures (no pgbench, no replica clone).
import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { connectDatabase } from '../src/server/platform/db/connect.ts';
import type { AppDeps } from '../src/server/platform/deps.ts';
import { testConfig, testDeps } from '../src/server/testing/app.ts';
import { startReplica } from '../src/server/testing/replica.ts';
import { benchApp, benchDb, PG_URL, report, type BenchDb } from './lib.ts';
import { load, seed } from './policies.bench.ts';

const CLIENTS = 200;
const DURATION_S = 10;
const WRITES_PER_S = 2000;

const boardPages = ['/api/v1/leaderboard?limit=100', '/api/v1/leaderboard?limit=100&offset=100', '/api/v1/leaderboard?tier=1&limit=100', '/api/v1/leaderboard?team=team-7', '/api/v1/leaderboard?q=svc-12&limit=100', '/api/v1/leaderboard?grade=F&limit=100'];

async function listen(deps: AppDeps) {
  const app = await benchApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

/** Leaderboard pages and report cards, each under 200 clients for DURATION_S. */
async function readLoad(label: string, base: string, cards: string[], target?: boolean): Promise<void> {
  await load(base, [...boardPages, ...cards.slice(0, 50)], { connections: 20 }); // warm-up
  for (const [what, paths] of [['leaderboard pages', boardPages], ['report cards', cards]] as const) {
    const cpu = process.cpuUsage();
    const r = await load(base, [...paths], { connections: CLIENTS, duration: DURATION_S });
    const { user, system } = process.cpuUsage(cpu);
    const p99 = r.latency.p99;
    report({ bench: 'scale', metric: `${what} p99, ${CLIENTS} clients, ${label}`, value: p99, unit: 'ms', ...(target ? { target: '< 50 ms', ok: p99 < 50 } : {}) });
    report({ bench: 'scale', metric: `  throughput (errors ${r.errors + r.non2xx})`, value: r.requests.average, unit: 'req/s' });
    report({ bench: 'scale', metric: '  wall time per request, p50', value: r.latency.p50, unit: 'ms' });
    report({ bench: 'scale', metric: '  wall time per request, mean', value: r.latency.average, unit: 'ms' });
    // What a request costs the server's process, whatever else the machine runs: the figure that
    // says how far one process goes on idle cores (1,000 / this = requests per core-second).
    report({ bench: 'scale', metric: '  server CPU per request (this process: app and database client)', value: (user + system) / 1000 / Math.max(1, r.requests.total), unit: 'ms' });
  }
}

/**
 * pgbench inserting 1 KB rows into a table of the bench schema, 4 clients at up to WRITES_PER_S
 * in all (a fixed, heavy write load rather than all the CPU this machine has), until stopped.
 * Returns the rows written per second meanwhile.
 */
function startWriter(db: BenchDb): { stop(): Promise<number> } {
  const dir = mkdtempSync(join(tmpdir(), 'tally-pgbench-'));
  const script = join(dir, 'write.sql');
  writeFileSync(script, `insert into "${db.schema}".bench_writes (payload) values (repeat(md5(random()::text), 32));\n`);
  const url = new URL(PG_URL);
  const began = performance.now();
  const rows = async () => Number((await db.db.selectFrom('bench_writes' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counted = rows();
  let writer: ReturnType<typeof execFile> | undefined;
  const done = new Promise<void>((resolve) => {
    writer = execFile('pgbench', ['-n', '-c', '4', '-j', '2', '-R', String(WRITES_PER_S), '-T', '600', '-f', script, '-h', url.hostname, '-p', url.port || '5432', '-U', 'postgres', url.pathname.slice(1)], () => resolve());
  });
  return {
    async stop() {
      writer?.kill('SIGINT');
      await done;
      rmSync(dir, { recursive: true, force: true });
      return ((await rows()) - (await counted)) / ((performance.now() - began) / 1000);
    },
  };
}

export async function scaleBench(engines: Engine[]): Promise<void> {
  if (!engines.includes('postgres')) return console.log('  (PostgreSQL only: skipped)');
  const db = await benchDb('postgres');
  try {
    const services = await seed(db, new Date());
    const cards = services.filter((_, i) => i % 53 === 0).map((ref) => `/api/v1/entities/${encodeURIComponent(ref)}/scores`);
    await db.db.schema.createTable('bench_writes').addColumn('id', 'bigserial', (c) => c.primaryKey()).addColumn('payload', 'text').execute();
    const config = testConfig({ server: { rateLimit: { enabled: false } } });

    const primary = await listen(testDeps(db as never, config));
    await readLoad('primary only', primary.base, cards, true);
    if (process.env.TALLY_BENCH_SCALE_PRIMARY_ONLY) return void (await primary.app.close());
    let writer = startWriter(db);
    await readLoad('primary only, pgbench writing', primary.base, cards);
    report({ bench: 'scale', metric: `  pgbench write load meanwhile (4 clients, 1 KB rows, at most ${WRITES_PER_S}/s)`, value: await writer.stop(), unit: 'rows/s' });
    await primary.app.close();

    const replica = await startReplica(PG_URL);
    report({ bench: 'scale', metric: 'replica clone (pg_basebackup of the whole cluster)', value: replica.cloneSeconds, unit: 's' });
    const handle = await connectDatabase(PG_URL, { schema: db.schema, readReplicas: { urls: [replica.url], maxLagMs: 10_000, checkIntervalMs: 1000 } });
    try {
      const deps = testDeps({ ...handle, url: db.url, drop: async () => undefined } as never, config);
      const withReplica = await listen(deps);
      while (handle.replicas!.states()[0].state !== 'ok') await new Promise((r) => setTimeout(r, 200));
      writer = startWriter(db);
      let maxLag = 0;
      const sampler = setInterval(() => (maxLag = Math.max(maxLag, handle.replicas!.states()[0].lagSeconds ?? 0)), 200);
      const before = { ...handle.replicas!.reads };
      await readLoad('reads on a replica, pgbench writing (one machine: sanity check)', withReplica.base, cards);
      clearInterval(sampler);
      report({ bench: 'scale', metric: '  pgbench write load meanwhile', value: await writer.stop(), unit: 'rows/s' });
      const reads = handle.replicas!.reads;
      const onReplica = reads.replica - before.replica;
      report({ bench: 'scale', metric: '  reads served by the replica', value: (100 * onReplica) / Math.max(1, onReplica + reads.primary - before.primary), unit: '%' });
      report({ bench: 'scale', metric: '  replica lag, worst sample', value: maxLag, unit: 's' });
      await withReplica.app.close();
    } finally {
      await handle.close();
      await replica.remove();
    }
  } finally {
    await db.drop();
  }
}
