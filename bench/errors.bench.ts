// Issue 17 targets: ingest ≥ 5,000 events/s on one core (SQLite, a typical 5-frame event in an
// envelope, over HTTP, load from another process); grouping alone ≥ 20,000 events/s; memory flat
// over 1M events (grouped one after the other: the heap after 1M is no larger than after 100k,
// give or take the garbage collector's slack).
import type { Engine } from '../src/server/platform/db/connect.ts';
import { testConfig, testDeps } from '../src/server/testing/app.ts';
import { envelope, jsEvent } from '../src/server/errors/testing.ts';
import { groupEvent } from '../src/server/errors/index.ts';
import { benchApp, benchDb, report } from './lib.ts';
import { load } from './policies.bench.ts';
import { importEntities } from '../src/server/catalog/import.ts';
import { prepareEvent } from '../src/server/errors/ingest/prepare.ts';
import { storeEvents } from '../src/server/errors/ingest/store.ts';

/** Events as an SDK sends them: a few call sites, values that differ per event. */
function sample(i: number): Record<string, unknown> {
  const e = jsEvent({ event_id: undefined, user: { id: `u-${i % 500}` } }, `apply${i % 20}`);
  (e.exception as { values: Array<{ value: string }> }).values[0]!.value = `order ${i} has no coupon`;
  return e;
}

function groupingBench(): void {
  const events = Array.from({ length: 1000 }, (_, i) => JSON.stringify(sample(i)));
  for (let i = 0; i < 20_000; i++) groupEvent(JSON.parse(events[i % 1000]!));
  const n = 200_000;
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) groupEvent(JSON.parse(events[i % 1000]!));
  const used = process.cpuUsage(cpu);
  const perCpuSecond = n / ((used.user + used.system) / 1e6);
  report({ bench: 'errors', metric: 'grouping, 5-frame event incl. JSON.parse, per CPU-second', value: perCpuSecond, unit: 'events/s', target: '≥ 20,000', ok: perCpuSecond >= 20_000 });
  report({ bench: 'errors', metric: '  the same by the wall clock (a shared machine runs slower)', value: n / ((performance.now() - start) / 1000), unit: 'events/s' });

  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed / 1024 / 1024;
  };
  let at100k = 0;
  for (let i = 0; i < 1_000_000; i++) {
    groupEvent(JSON.parse(events[i % 1000]!.replace('"u-', `"x${i}-`)));
    if (i === 100_000) at100k = heap();
  }
  const at1m = heap();
  report({ bench: 'errors', metric: `heap after 100k / 1M grouped events (${gc ? 'after gc' : 'no --expose-gc'})`, value: at1m - at100k, unit: `MB more (${at100k.toFixed(1)} → ${at1m.toFixed(1)})`, target: 'flat (< 10 MB more)', ok: at1m - at100k < 10 });
}

async function ingestBench(engine: Engine): Promise<void> {
  const db = await benchDb(engine);
  try {
    const now = new Date();
    const entity = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'checkout', annotations: { 'tally.dev/sentry-project': '7' } }, spec: { type: 'service', lifecycle: 'production', owner: 'team-a' } };
    await db.db.transaction().execute((tx) => importEntities(tx, 'bench', [{ entity, ref: 'component:default/checkout', file: 'bench.yaml', doc: 0 }], now));
    const deps = testDeps(db as never, testConfig({}));
    const app = await benchApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const key = (await app.inject({ url: '/api/v1/errors/projects' })).json().items[0].publicKey as string;
    const body = envelope([{ type: 'event', payload: sample(1) }]).toString('utf8');
    const headers = { 'content-type': 'application/x-sentry-envelope', 'x-sentry-auth': `Sentry sentry_key=${key}, sentry_version=7` };
    await load(base, ['/api/7/envelope/'], { method: 'POST', headers, body, connections: 4 });
    const rss = process.memoryUsage().rss;
    const before = Number((await db.db.selectFrom('error_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const cpu = process.cpuUsage();
    const r = await load(base, ['/api/7/envelope/'], { method: 'POST', headers, body, connections: 32 });
    const used = process.cpuUsage(cpu);
    const stored = Number((await db.db.selectFrom('error_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const perCpuSecond = (stored - before) / ((used.user + used.system) / 1e6);
    report({ bench: 'errors', metric: `ingest over HTTP, one 5-frame event per envelope, per server CPU-second (${engine})`, value: perCpuSecond, unit: 'events/s', target: engine === 'sqlite' ? '≥ 5,000' : undefined, ok: engine === 'sqlite' ? perCpuSecond >= 5000 : undefined });
    report({ bench: 'errors', metric: `  the same by the wall clock, 32 conns (${engine})`, value: r.requests.average, unit: 'events/s' });
    report({ bench: 'errors', metric: `  p99 latency, stored before the answer (${engine}; errors ${r.errors + r.non2xx})`, value: r.latency.p99, unit: 'ms' });
    report({ bench: 'errors', metric: `  server RSS growth over the run (${engine}; ${stored} events stored)`, value: (process.memoryUsage().rss - rss) / 1024 / 1024, unit: 'MB' });
    await app.close();
  } finally {
    await db.drop();
  }
}

/**
 * The ingest's work without HTTP or the load generator: prepare (trim, group, serialise) and store
 * in transactions of 32 events, as the queue does under load. CPU of this process only, so less
 * at the mercy of a loaded machine than the HTTP figure.
 */
export async function storeBench(engine: Engine): Promise<void> {
  const db = await benchDb(engine);
  try {
    const raws = Array.from({ length: 1000 }, (_, i) => sample(i));
    const run = async (n: number) => {
      for (let i = 0; i < n; i += 32) {
        const batch = Array.from({ length: 32 }, (_, j) => prepareEvent(7, raws[(i + j) % 1000]!, new Date()));
        await db.db.transaction().execute((tx) => storeEvents(tx, batch, () => 'component:default/checkout'));
      }
    };
    await run(1000);
    const n = 8000;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run(n);
    const used = process.cpuUsage(cpu);
    report({ bench: 'errors', metric: `prepare + store, batches of 32, no HTTP, per CPU-second (${engine})`, value: n / ((used.user + used.system) / 1e6), unit: 'events/s' });
    report({ bench: 'errors', metric: `  the same by the wall clock (${engine})`, value: n / ((performance.now() - start) / 1000), unit: 'events/s' });
  } finally {
    await db.drop();
  }
}

export async function errorsBench(engines: Engine[]): Promise<void> {
  if (!process.env.SKIP_GROUPING) groupingBench();
  for (const engine of engines) await storeBench(engine);
  for (const engine of engines) await ingestBench(engine);
}
