// The status page, metrics and readiness obey the settings: with anonymous read off they need a
// token too, and nobody without a token learns where the data lives.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';

describeEachEngine('status, metrics and readiness', ({ db }) => {
  let open: App;
  let closed: App;
  let closedDeps: AppDeps;

  beforeAll(async () => {
    open = await testApp(testDeps(db(), testConfig({ server: { anonymousRead: true } })));
    closedDeps = testDeps(db(), testConfig({ server: { anonymousRead: false } }));
    closed = await testApp(closedDeps);
  });
  afterAll(async () => {
    await open?.close();
    await closed?.close();
  });

  it('shows the status to anyone when anonymous read is on, but never the database location', async () => {
    const res = await open.inject({ url: '/status', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().database).toEqual({ engine: db().engine });
    expect((await open.inject({ url: '/status' })).body).not.toContain(db().location);
  });

  it('needs a token for /status and /metrics when anonymous read is off; a viewer token shows the location', async () => {
    expect((await closed.inject({ url: '/status' })).statusCode).toBe(401);
    expect((await closed.inject({ url: '/metrics' })).statusCode).toBe(401);
    const viewer = await authHeader(closedDeps, 'viewer');
    const status = await closed.inject({ url: '/status', headers: { ...viewer, accept: 'application/json' } });
    expect(status.json().database).toEqual({ engine: db().engine, location: db().location });
    const metrics = await closed.inject({ url: '/metrics', headers: viewer });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('tally_http_request_duration_seconds');
    // Liveness and readiness stay open: load balancers probe them without tokens.
    expect((await closed.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await closed.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});
