// Issue 13's figures: how fast Tally recovers when PostgreSQL drops its connections under load
// (and that nothing acknowledged is lost), the memory ceiling while every GET route is called
// with extreme parameters, and what the rate limiter costs a write.
import { resolve } from 'node:path';
import pg from 'pg';
import { createToken } from '../src/server/platform/auth/tokens.ts';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { testClock, testConfig, testDeps } from '../src/server/testing/app.ts';
import { benchApp, benchDb, PG_URL, report, type BenchDb } from './lib.ts';
import { load } from './policies.bench.ts';

const ACME = resolve(import.meta.dirname, '../examples/acme');

async function listening(db: BenchDb, raw: Record<string, unknown> = {}, baseDir?: string) {
  const deps = testDeps(db as never, testConfig(raw, baseDir), testClock(new Date().toISOString()));
  const app = await benchApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { token } = await createToken(db.db, { name: `bench-${Math.random().toString(36).slice(2, 8)}`, role: 'admin' }, new Date());
  return { app, deps, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
}

const change = (n: string) => JSON.stringify({ entities: ['component:default/x'], kind: 'deploy', summary: `deploy ${n}`, externalId: n, source: 'webhook:bench', startedAt: new Date().toISOString() });

async function recoveryBench(): Promise<void> {
  const db = await benchDb('postgres');
  const { app, base, headers } = await listening(db, { server: { rateLimit: { enabled: false } } });
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const acked: string[] = [];
    let stop = false;
    let lastOk = 0;
    const stream = async (s: number) => {
      for (let i = 0; !stop; i++) {
        const id = `r-${s}-${i}`;
        const res = await fetch(`${base}/api/v1/changes`, { method: 'POST', headers, body: change(id) }).catch(() => undefined);
        if (res?.ok) {
          acked.push(id);
          lastOk = performance.now();
        }
        await res?.arrayBuffer();
      }
    };
    const streams = Array.from({ length: 16 }, (_, s) => stream(s));
    const recoveries: number[] = [];
    for (let k = 0; k < 5; k++) {
      await new Promise((r) => setTimeout(r, 500));
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [db.schema]);
      const dropped = performance.now();
      while (lastOk < dropped) await new Promise((r) => setTimeout(r, 2));
      recoveries.push(lastOk - dropped);
    }
    stop = true;
    await Promise.all(streams);
    const stored = new Set((await db.db.selectFrom('changes').select('external_id').where('source', '=', 'webhook:bench').execute()).map((r) => r.external_id));
    recoveries.sort((a, b) => a - b);
    report({ bench: 'faults', metric: 'PostgreSQL connections terminated under 16-stream ingest: recovery, median of 5', value: recoveries[2], unit: 'ms' });
    report({ bench: 'faults', metric: '  recovery, worst of 5', value: recoveries[4], unit: 'ms' });
    report({ bench: 'faults', metric: `  acknowledged changes lost (of ${acked.length})`, value: acked.filter((id) => !stored.has(id)).length, unit: 'changes', target: '0', ok: acked.every((id) => stored.has(id)) });
  } finally {
    await admin.end();
    await app.close();
    await db.drop();
  }
}

async function walkBench(engine: Engine): Promise<void> {
  const db = await benchDb(engine);
  const { app, headers } = await listening(db, { catalog: { sources: ['./catalog/all.yaml', './scorecards/*.yaml', './facts/*.yaml', './policies/*.yaml'] } }, ACME);
  try {
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers });
    await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers, payload: {} });
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }> };
    const hostile: Record<string, string> = { from: '0000-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z', at: '9999-12-31T00:00:00Z', limit: '1000000000', offset: '1000000000', window: '100000d' };
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const before = process.memoryUsage().rss;
    let slowest = 0;
    for (let round = 0; round < 20; round++) {
      for (const [path, ops] of Object.entries(doc.paths)) {
        if (!ops.get) continue;
        const url = path.replace(/\{\w+\}/g, 'component%3Adefault%2Fcheckout');
        const q = new URLSearchParams((ops.get.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, hostile[p.name] ?? 'x'])).toString();
        const t = performance.now();
        await app.inject({ url: `${url}?${q}`, headers });
        slowest = Math.max(slowest, performance.now() - t);
      }
    }
    clearInterval(sampler);
    report({ bench: 'faults', metric: `every GET route × 20 with extreme parameters: RSS peak above start (${engine})`, value: (peak - before) / 1024 / 1024, unit: 'MB', target: '< 400 MB', ok: peak - before < 400 * 1024 * 1024 });
    report({ bench: 'faults', metric: `  slowest answer (${engine})`, value: slowest, unit: 'ms' });
  } finally {
    await app.close();
    await db.drop();
  }
}

async function limiterBench(engine: Engine): Promise<void> {
  for (const enabled of [false, true]) {
    const db = await benchDb(engine);
    const { app, base, headers } = await listening(db, { server: { rateLimit: { enabled, writesPerMinute: 10_000_000 } } });
    try {
      const r = await load(base, ['/api/v1/changes'], { method: 'POST', headers, body: change('lim-{{n}}') });
      report({ bench: 'faults', metric: `POST /api/v1/changes, rate limiter ${enabled ? 'on' : 'off'}: p50 / p99 ${r.latency.p50} / ${r.latency.p99} ms (${engine}; errors ${r.errors + r.non2xx})`, value: r.requests.average, unit: 'req/s' });
    } finally {
      await app.close();
      await db.drop();
    }
  }
}

export async function faultsBench(engines: Engine[]): Promise<void> {
  if (engines.includes('postgres')) await recoveryBench();
  for (const engine of engines) await walkBench(engine);
  await limiterBench('sqlite');
}
