// Faults a real deployment meets, against a listening server on loopback: PostgreSQL dropping
// connections under load (the process stays up, nothing acknowledged is lost, it recovers in
// place), clients that trickle their request, and callers that write too fast or guess tokens.
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, testApp, testConfig, testDeps } from '../src/server/testing/app.ts';
import { describeEachEngine, ENGINES, openTestDb, PG_URL, type TestDb } from '../src/server/testing/db.ts';
import type { App } from '../src/server/platform/http/app.ts';
import type { AppDeps } from '../src/server/platform/deps.ts';

async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

/** Terminates every connection of the test database's pool (its application_name is the schema). */
async function dropConnections(db: TestDb): Promise<number> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const r = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [db.schema]);
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe.runIf(ENGINES.includes('postgres'))('PostgreSQL drops connections under load [postgres]', () => {
  let db: TestDb;
  let deps: AppDeps;
  let app: App;
  let base: string;
  let editor: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    deps = testDeps(db, testConfig({ server: { rateLimit: { writesPerMinute: 1_000_000 } } }));
    app = await testApp(deps);
    base = await listen(app);
    editor = await authHeader(deps, 'editor');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('stays up, answers 503 with Retry-After meanwhile, recovers in place, and loses nothing acknowledged', async () => {
    const acked: string[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    const stream = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const externalId = `fault-${n}-${i}`;
        const res = await fetch(`${base}/api/v1/changes`, {
          method: 'POST',
          headers: { ...editor, 'content-type': 'application/json' },
          body: JSON.stringify({ entities: ['component:default/x'], kind: 'deploy', summary: `deploy ${externalId}`, externalId, source: 'webhook:faults', startedAt: deps.clock().toISOString() }),
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 503) expect(res.headers.get('retry-after')).toBe('1');
        else expect(res.status).toBeLessThan(300);
        if (res.ok) acked.push(externalId);
        await res.arrayBuffer();
      }
    };
    const streams = Array.from({ length: 16 }, (_, n) => stream(n));
    let dropped = 0;
    for (let k = 0; k < 4; k++) {
      await new Promise((r) => setTimeout(r, 400));
      dropped += await dropConnections(db);
    }
    // Recovered in place: writes are acknowledged again after the last drop (however loaded the machine).
    const afterLastDrop = acked.length;
    for (const deadline = Date.now() + 20_000; acked.length < afterLastDrop + 20 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await Promise.all(streams);
    expect(dropped).toBeGreaterThan(0);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(acked.length).toBeGreaterThanOrEqual(afterLastDrop + 20);
    // Every acknowledged change is stored.
    const stored = new Set((await db.db.selectFrom('changes').select('external_id').where('source', '=', 'webhook:faults').execute()).map((r) => r.external_id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    // Recovered in place: ready, and writes succeed again without a restart.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }, 60_000);

  it('says "database unavailable" on /readyz while the database cannot be reached', async () => {
    const broken = await openTestDb('postgres');
    const d = testDeps(broken, testConfig());
    const a = await testApp(d);
    await broken.drop(); // the schema and the pool are gone
    const res = await a.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, reason: 'database unavailable' });
    await a.close();
  });
});

describeEachEngine('deadlines and rate limits', ({ db }) => {
  it('cuts off a client that trickles its request body, at the request deadline', async () => {
    const app = await testApp(testDeps(db(), testConfig({ server: { connections: { requestTimeoutMs: 1000 } } })));
    const base = new URL(await listen(app));
    const started = performance.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = connect(Number(base.port), base.hostname, () => {
        socket.write('POST /api/v1/changes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
        const timer = setInterval(() => socket.write(' '), 200);
        socket.on('close', () => (clearInterval(timer), resolve(performance.now() - started)));
      });
      socket.on('error', () => undefined);
    });
    expect(closedAfter).toBeLessThan(4000);
    await app.close();
  });

  it('answers 429 with Retry-After past the write limit of a token, and blocks an address that keeps guessing tokens', async () => {
    const deps = testDeps(db(), testConfig({ server: { rateLimit: { writesPerMinute: 5, failedAuthPerMinute: 3 } } }));
    const app = await testApp(deps);
    const editor = await authHeader(deps, 'editor');
    const write = () => app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: editor, payload: {} });
    for (let i = 0; i < 5; i++) expect((await write()).statusCode).toBe(200);
    const limited = await write();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('rate-limited');
    // Reads are not limited.
    expect((await app.inject({ url: '/api/v1/scorecards', headers: editor })).statusCode).toBe(200);
    // Failed sign-ins: 401, 401, 401, then 429 — and then even a valid token from that address waits.
    const guess = (token: string) => app.inject({ url: '/api/v1/auth/whoami', headers: { authorization: `Bearer ${token}` } });
    expect([(await guess('tly_a')).statusCode, (await guess('tly_b')).statusCode, (await guess('tly_c')).statusCode]).toEqual([401, 401, 401]);
    expect((await guess('tly_d')).statusCode).toBe(429);
    const viewer = await authHeader(deps, 'viewer');
    expect((await app.inject({ url: '/api/v1/auth/whoami', headers: viewer })).statusCode).toBe(429);
    await app.close();
  });
});
