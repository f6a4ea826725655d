// Notification targets written as a path on this Tally server (the demo's receivers): stored as
// written, resolved against server.publicUrl when delivered, so a restart on another port delivers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { startServer, type TestServer } from '../testing/http-server.ts';
import { SERVICE_YAML, TEAM_YAML } from '../catalog/testing.ts';
import type { App } from '../platform/http/app.ts';
import { deliverDueNotifications } from './delivery.ts';
import { enqueueGradeMoves } from './outbox.ts';

describeEachEngine('notification targets on this server', ({ db }) => {
  let rx: TestServer;
  let app: App;
  let dir: string;
  const clock = testClock('2026-11-23T12:00:00Z');

  beforeAll(async () => {
    rx = await startServer((_req, res) => res.writeHead(200).end('ok'));
    dir = mkdtempSync(join(tmpdir(), 'tally-notify-path-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-a', { 'tally.dev/webhook-url': '/demo/webhooks/team-a' }) + SERVICE_YAML('alpha', 'team-a'));
  });
  afterAll(async () => {
    await app?.close();
    await rx?.close();
  });

  it('delivers to publicUrl + path, with only the demo server itself allowed', async () => {
    // No checks.outbound.allow: demo mode adds the server's own address (its publicUrl) and nothing else.
    const config = testConfig({ server: { demo: true, publicUrl: rx.url }, catalog: { sources: ['./catalog.yaml'] }, notifications: { sreWebhook: '/demo/webhooks/sre' } }, dir);
    const deps = testDeps(db(), config, clock);
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
    const moves = [{ entity: 'component:default/alpha', from: 'C', to: 'F', score: 40 }];
    expect(await enqueueGradeMoves(deps.db, deps.config, { scorecard: 'production-readiness', at: '2026-11-23T11:00:00.000Z', moves }, clock())).toBe(2);
    expect(await deliverDueNotifications(deps)).toMatchObject({ delivered: 2, failed: 0 });
    expect(rx.hits.sort()).toEqual(['/demo/webhooks/sre', '/demo/webhooks/team-a']);
    const items = (await app.inject({ url: '/api/v1/notifications/deliveries', headers: await authHeader(deps, 'viewer') })).json().items;
    expect(items.map((d: { target: { origin: string } }) => d.target.origin)).toEqual(['this Tally server', 'this Tally server']);
  });
});
