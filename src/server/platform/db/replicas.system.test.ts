// Read replicas against a real streaming replica (src/server/testing/replica.ts): reads are served by the
// replica (proved by pausing its replay: another client then sees the old data), writes go to the
// primary, the writer reads its own write at once, a replica past the lag bound or stopped is
// skipped with no error reaching the reader, and /status and /metrics show its state.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authHeader, testApp, testConfig, testDeps } from '../../testing/app.ts';
import { openTestDb, PG_URL, type TestDb } from '../../testing/db.ts';
import { startReplica, type TestReplica } from '../../testing/replica.ts';
import type { App } from '../http/app.ts';
import type { AppDeps } from '../deps.ts';
import { connectDatabase, type DbHandle } from './connect.ts';

const WAIT = { timeout: 60_000, interval: 200 };

describe.skipIf(!PG_URL)('read replicas on a real streaming replica [postgres]', () => {
  let primary: TestDb;
  let replica: TestReplica;
  let replicaSql: pg.Client;
  const handles: DbHandle[] = [];
  const apps: App[] = [];

  /** An app whose `read` uses the replica, with this lag bound. */
  async function appWithReplica(maxLagMs: number): Promise<{ app: App; deps: AppDeps }> {
    const handle = await connectDatabase(PG_URL!, { schema: primary.schema, poolSize: 4, readReplicas: { urls: [replica.url], maxLagMs, checkIntervalMs: 200 } });
    handles.push(handle);
    const deps = testDeps({ ...handle, url: primary.url, drop: async () => undefined }, testConfig({ server: { anonymousRead: true } }));
    const app = await testApp(deps);
    apps.push(app);
    return { app, deps };
  }

  const status = async (app: App, headers: Record<string, string> = {}) => (await app.inject({ url: '/status', headers: { ...headers, accept: 'application/json' } })).json().database;
  const entityNames = async (app: App, headers: Record<string, string> = {}) => {
    const res = await app.inject({ url: '/api/v1/entities?kind=component&limit=500', headers });
    expect(res.statusCode).toBe(200);
    return (res.json().items as { ref: string }[]).map((e) => e.ref);
  };
  const putService = (app: App, headers: Record<string, string>, name: string) =>
    app.inject({ method: 'PUT', url: '/api/v1/entities', headers, payload: { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name }, spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-a' } } });
  /** The test's own session on the replica (it ends when the replica stops: that is no error here). */
  const sqlOnReplica = async () => {
    const client = new pg.Client({ connectionString: replica.url });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const replayPaused = async (paused: boolean) => {
    await replicaSql.query(paused ? 'select pg_wal_replay_pause()' : 'select pg_wal_replay_resume()');
  };

  beforeAll(async () => {
    primary = await openTestDb('postgres');
    replica = await startReplica(PG_URL!);
    replicaSql = await sqlOnReplica();
  }, 180_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const h of handles) await h.close();
    await replicaSql?.end().catch(() => undefined);
    await replica?.remove();
    await primary?.drop();
  }, 120_000);

  it('serves reads from the replica, writes on the primary, and the writer reads its own write at once', async () => {
    const { app, deps } = await appWithReplica(300_000);
    await vi.waitFor(async () => expect((await status(app)).replicas[0]).toMatchObject({ replica: 1, state: 'ok' }), WAIT);
    const editor = await authHeader(deps, 'editor');
    // Before pausing, the replica has replayed this test's schema and a first entity.
    expect((await putService(app, editor, 'written-before')).statusCode).toBe(201);
    const seen = `select count(*)::int as n from "${primary.schema}".entities where ref = 'component:default/written-before'`;
    await vi.waitFor(async () => expect((await replicaSql.query(seen)).rows[0].n).toBe(1), WAIT);
    await replayPaused(true);
    try {
      const put = await putService(app, editor, 'written-while-paused');
      expect(put.statusCode).toBe(201);
      // The write is on the primary (the replica is read-only: a write there would have failed).
      const onPrimary = await deps.db.selectFrom('entities').select('ref').where('ref', '=', 'component:default/written-while-paused').execute();
      expect(onPrimary).toHaveLength(1);
      // Another client reads from the replica, whose replay is paused: it does not see the write yet.
      expect(await entityNames(app)).not.toContain('component:default/written-while-paused');
      // The writer sees it: by its token, by the cookie it was given, or by the header.
      expect(await entityNames(app, editor)).toContain('component:default/written-while-paused');
      const cookie = String(put.headers['set-cookie']).split(';')[0];
      expect(cookie).toMatch(/^tally_lsn=[0-9A-F]+\/[0-9A-F]+$/);
      expect(await entityNames(app, { cookie })).toContain('component:default/written-while-paused');
      expect(await entityNames(app, { 'tally-min-lsn': String(put.headers['tally-write-lsn']) })).toContain('component:default/written-while-paused');
      const metrics = (await app.inject({ url: '/metrics' })).body;
      expect(Number(/tally_db_reads_total\{target="replica"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
      expect(metrics).toMatch(/tally_db_replica_up\{replica="1"\} 1/);
      expect(metrics).toMatch(/tally_db_replica_lag_seconds\{replica="1"\} [\d.]+/);
    } finally {
      await replayPaused(false);
    }
    // Once replayed, everybody sees it from the replica.
    await vi.waitFor(async () => expect(await entityNames(app)).toContain('component:default/written-while-paused'), WAIT);
    // The connection that serves anonymous reads is the replica's (it is in recovery).
    const sessions = await replicaSql.query(`select count(*)::int as n from pg_stat_activity where application_name = 'tally' and datname = current_database()`);
    expect(sessions.rows[0].n).toBeGreaterThan(0);
  });

  it('skips a replica that lags past the bound: reads come from the primary, and /status says why', async () => {
    const { app, deps } = await appWithReplica(1000);
    await vi.waitFor(async () => expect((await status(app)).replicas[0].state).toBe('ok'), WAIT);
    const editor = await authHeader(deps, 'editor');
    await replayPaused(true);
    try {
      expect((await putService(app, editor, 'written-while-lagging')).statusCode).toBe(201);
      await vi.waitFor(async () => expect((await status(app)).replicas[0]).toMatchObject({ state: 'lagging', lagSeconds: expect.any(Number) }), WAIT);
      expect((await status(app)).replicas[0].lagSeconds).toBeGreaterThan(1);
      expect(await entityNames(app)).toContain('component:default/written-while-lagging');
      expect((await app.inject({ url: '/metrics' })).body).toMatch(/tally_db_replica_up\{replica="1"\} 0/);
    } finally {
      await replayPaused(false);
    }
    await vi.waitFor(async () => expect((await status(app)).replicas[0].state).toBe('ok'), WAIT);
  });

  it('falls back to the primary without an error when the replica stops, and uses it again when it is back', async () => {
    const { app, deps } = await appWithReplica(300_000);
    await vi.waitFor(async () => expect((await status(app)).replicas[0].state).toBe('ok'), WAIT);
    const before = await entityNames(app); // a replica connection is now pooled
    await replica.stop();
    try {
      // Every read answers, with the primary's data, from the first one on.
      for (let i = 0; i < 5; i++) expect(await entityNames(app)).toEqual(expect.arrayContaining(before));
      const editor = await authHeader(deps, 'editor');
      expect((await putService(app, editor, 'written-while-down')).statusCode).toBe(201);
      expect(await entityNames(app)).toContain('component:default/written-while-down');
      await vi.waitFor(async () => expect((await status(app)).replicas[0]).toMatchObject({ state: 'down', error: expect.any(String) }), WAIT);
      const viewer = await authHeader(deps, 'viewer');
      expect((await status(app, viewer)).replicas[0].location).toBe(replica.url.replace('//postgres@', '//')); // no credentials
      expect((await app.inject({ url: '/status' })).body).toContain('Read replicas');
    } finally {
      await replica.start();
    }
    await vi.waitFor(async () => expect((await status(app)).replicas[0].state).toBe('ok'), WAIT);
    await replicaSql.end().catch(() => undefined);
    replicaSql = await sqlOnReplica();
  });
});
