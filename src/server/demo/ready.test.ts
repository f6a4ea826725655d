// Issue 12 item 11 (server half): a demo server is not ready — /readyz 503 "first evaluation
// running" — until its first evaluation finished, and /status says whether it has, so the web UI
// can show "first evaluation running…" instead of an empty leaderboard.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { App } from '../platform/http/app.ts';
import type { AppDeps } from '../platform/deps.ts';
import { fixtureDir } from '../scorecards/testing.ts';

describeEachEngine('demo readiness', ({ db }) => {
  const fx = fixtureDir();
  let deps: AppDeps;
  let app: App;
  const status = async () => (await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json();

  beforeAll(async () => {
    deps = testDeps(db(), testConfig({ server: { demo: true }, catalog: { sources: fx.sources } }, fx.dir), testClock());
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
  });
  afterAll(async () => app?.close());

  it('does not hold back a server that is not the demo (nothing evaluated yet either)', async () => {
    const plain = await testApp(testDeps(db(), testConfig(), testClock()));
    expect((await plain.inject({ url: '/readyz' })).statusCode).toBe(200);
    await plain.close();
  });

  it("closes the connection after each demo page (Tally's own probes come in bursts)", async () => {
    const res = await app.inject({ url: '/demo/status/checkout' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect((await app.inject({ url: '/readyz' })).headers.connection).not.toBe('close');
  });

  it('answers 503 "first evaluation running" until the first evaluation finished, then 200', async () => {
    const before = await app.inject({ url: '/readyz' });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({ ready: false, reason: 'first evaluation running' });
    expect(await status()).toMatchObject({ ready: false, notReadyBecause: 'first evaluation running', firstEvaluationDone: false });
    const runs = (await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: await authHeader(deps, 'editor'), payload: {} })).json().runs;
    expect(runs.length).toBeGreaterThan(0);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect(await status()).toMatchObject({ ready: true, firstEvaluationDone: true });
  });
});
