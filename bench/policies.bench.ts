// Issue 4 targets: the deploy decision p99 < 10 ms and the leaderboard p99 < 50 ms, both at
// 10,000 services under autocannon load on loopback. Grades are seeded straight into
// grade_history (five intervals per service over 60 days, so trends read real history).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';
import { entityToRow } from '../src/server/catalog/rows.ts';
import { createToken } from '../src/server/platform/auth/tokens.ts';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { putPolicy } from '../src/server/policies/policy-set.ts';
import { demoDocument } from '../src/server/policies/testing.ts';
import { insertGradeRows, insertScorecard } from '../src/server/scorecards/testing.ts';
import { gradeForScore, DEFAULT_GRADE_BANDS } from '../src/common/grades.ts';
import { testConfig, testDeps } from '../src/server/testing/app.ts';
import { benchDb, report, type BenchDb, benchApp } from './lib.ts';
import { syntheticCatalog } from './generate.ts';

const SERVICES = 10_000;
const DAY_MS = 86_400_000;

export async function seed(db: BenchDb, now: Date): Promise<string[]> {
  const catalog = syntheticCatalog(SERVICES, { teams: 200, systems: 20 });
  const rows = catalog.entities.map((e) => entityToRow(e, { source: 'bench', now: now.toISOString() }));
  for (let i = 0; i < rows.length; i += 500) await db.db.insertInto('entities').values(rows.slice(i, i + 500)).execute();
  const services = rows.filter((r) => r.kind === 'component').map((r) => r.ref);
  const history = services.flatMap((entity, i) =>
    [60, 40, 25, 10, 3].map((daysAgo, step, all) => {
      const score = (i * 7 + step * 13) % 101;
      const next = all[step + 1];
      return {
        scorecard: 'production-readiness', entity, score, grade: gradeForScore(score, DEFAULT_GRADE_BANDS), version: 'v1',
        valid_from: new Date(now.getTime() - daysAgo * DAY_MS).toISOString(),
        valid_to: next === undefined ? null : new Date(now.getTime() - next * DAY_MS).toISOString(),
      };
    }),
  );
  await insertGradeRows(db.db, history);
  await insertScorecard(db.db, 'production-readiness', [{ id: 'owner', weight: 10 }]);
  await putPolicy(db.db, demoDocument(), now);
  return services;
}

type LoadResult = Pick<autocannon.Result, 'latency' | 'requests' | 'errors' | 'non2xx'>;

/** autocannon in a child process (bench/load-worker.mjs), 10 connections for 5 s, cycling through `paths`. */
export function load(url: string, paths: string[], extra: { method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number } = {}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-worker.mjs', import.meta.url)), [], { execArgv: [] });
    child.once('message', (r) => resolve(r as LoadResult));
    child.once('error', reject);
    child.send({ url, paths, connections: 10, duration: 5, ...extra });
  });
}

export async function policiesBench(engines: Engine[]): Promise<void> {
  for (const engine of engines) {
    const db = await benchDb(engine);
    try {
      const now = new Date();
      const services = await seed(db, now);
      const deps = testDeps(db as never, testConfig());
      const app = await benchApp(deps);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const decisions = services.filter((_, i) => i % 37 === 0).map((ref) => `/api/v1/entities/${encodeURIComponent(ref)}/deploy-decision`);
      // A pipeline asks with a token: every decision is logged (anonymous calls are previews).
      const { token } = await createToken(db.db, { name: 'pipeline', role: 'viewer' }, now);
      const headers = { authorization: `Bearer ${token}` };
      await load(base, decisions.slice(0, 20), { headers }); // warm-up: a pipeline server is long-running
      const d = await load(base, decisions, { headers });
      report({ bench: 'policies', metric: `deploy decision p99 at ${SERVICES} services, 10 conns (${engine})`, value: d.latency.p99, unit: 'ms', target: '< 10 ms', ok: d.latency.p99 < 10 });
      report({ bench: 'policies', metric: `  throughput (${engine}; errors ${d.errors + d.non2xx})`, value: d.requests.average, unit: 'req/s' });
      await app.inject({ url: '/api/v1/leaderboard' }); // first build of the cached board
      const pages = ['/api/v1/leaderboard?limit=100', '/api/v1/leaderboard?limit=100&offset=100', '/api/v1/leaderboard?tier=1&limit=100', '/api/v1/leaderboard?team=team-7', '/api/v1/leaderboard?q=svc-12&limit=100', '/api/v1/leaderboard?grade=F&limit=100'];
      const l = await load(base, pages);
      report({ bench: 'policies', metric: `leaderboard (pages of 100, filters) p99 at ${SERVICES} services, 10 conns (${engine})`, value: l.latency.p99, unit: 'ms', target: '< 50 ms', ok: l.latency.p99 < 50 });
      report({ bench: 'policies', metric: `  throughput (${engine}; errors ${l.errors + l.non2xx})`, value: l.requests.average, unit: 'req/s' });
      const all = await load(base, ['/api/v1/leaderboard']);
      report({ bench: 'policies', metric: `leaderboard, all ${SERVICES} services in one 2 MB response, p99 (${engine})`, value: all.latency.p99, unit: 'ms' });
      report({ bench: 'policies', metric: `  throughput (${engine})`, value: all.requests.average, unit: 'req/s' });
      await app.close();
      const logged = await db.db.selectFrom('deploy_decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      report({ bench: 'policies', metric: `  decisions logged (${engine})`, value: Number(logged.n), unit: 'rows' });
    } finally {
      await db.drop();
    }
  }
}
