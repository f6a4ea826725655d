// The outbox end to end against a real HTTP receiver on loopback: 200, 500-then-200, a hang;
// and targets the outbound policy refuses (never requested) or cannot resolve (retried).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import { outboundCheckFor } from '../platform/outbound/guard.ts';
import type { App } from '../platform/http/app.ts';
import { SERVICE_YAML, TEAM_YAML } from '../catalog/testing.ts';
import { demoDocument } from '../policies/testing.ts';
import { deliverDueNotifications } from './delivery.ts';
import { enqueueGradeMoves, notifyWaiversExpiring } from './outbox.ts';
import { MAX_ATTEMPTS } from './send.ts';
import { verifySignature } from '../platform/outbound/sign.ts';

const SECRET = 'a-test-secret-of-some-length';
const C = 'component:default/';

interface Received { path: string; body: string; headers: Record<string, string | string[] | undefined> }

function receiver(): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      received.push({ path: req.url ?? '', body, headers: req.headers });
      const key = `${req.url}|${req.headers['x-tally-delivery']}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const fail = req.url === '/flaky' && seen.get(key) === 1;
      res.writeHead(fail ? 500 : 200).end(fail ? 'try later' : 'ok');
    });
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received })));
}

describeEachEngine('notifications outbox', ({ db }) => {
  let deps: AppDeps;
  let app: App;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const clock = testClock('2026-11-23T12:00:00Z');
  const change = (entity: string, from: string | null, to: string, score: number) => ({ entity: `${C}${entity}`, from, to, score });
  /** What the `grade.changed` handler receives for these moves. */
  const enqueueGradeChanges = (db: AppDeps['db'], config: AppDeps['config'], moves: ReturnType<typeof change>[], now: Date) =>
    enqueueGradeMoves(db, config, { scorecard: 'production-readiness', at: '2026-11-23T11:00:00.000Z', moves }, now);

  beforeAll(async () => {
    rx = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'tally-notify-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-a', { 'tally.dev/slack-webhook': `${rx.base}/ok`, 'tally.dev/webhook-url': `${rx.base}/flaky` }) + TEAM_YAML('team-b') + SERVICE_YAML('alpha', 'team-a') + SERVICE_YAML('beta', 'team-a') + SERVICE_YAML('gamma', 'team-b')
      // team-c points at addresses the policy refuses: the receiver itself by a name `allow` does not list, and cloud metadata.
      + TEAM_YAML('team-c', { 'tally.dev/slack-webhook': `${rx.base.replace('127.0.0.1', 'localhost')}/refused`, 'tally.dev/webhook-url': 'http://169.254.169.254/latest/meta-data/' }) + SERVICE_YAML('delta', 'team-c')
      + TEAM_YAML('team-d', { 'tally.dev/webhook-url': 'http://hooks.acme.test/tally' }) + SERVICE_YAML('epsilon', 'team-d'));
    const config = testConfig({ catalog: { sources: ['./catalog.yaml'] }, notifications: { defaultWebhook: `${rx.base}/hang`, sreWebhook: `${rx.base}/sre`, webhookSecret: SECRET, timeoutMs: 1000 }, checks: { outbound: { allow: ['127.0.0.1'] } } }, dir);
    deps = testDeps(db(), config, clock);
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
  });
  afterAll(async () => {
    await app?.close();
    rx?.server.closeAllConnections();
    rx?.server.close();
  });

  it('enqueues grade-up, grade-down and entered-f once, routed per team with SRE for F', async () => {
    const changes = [change('alpha', 'B', 'A', 91), change('beta', 'C', 'F', 40), change('gamma', 'C', 'D', 65), change('gamma', 'D', 'D', 64)];
    // alpha: team-a slack + webhook; beta: team-a slack + webhook + SRE; gamma: default webhook.
    expect(await enqueueGradeChanges(deps.db, deps.config, changes, clock())).toBe(6);
    expect(await enqueueGradeChanges(deps.db, deps.config, changes, clock())).toBe(0);
  });

  it('delivers, retries a 500 with backoff, signs webhooks, and gives up on a hanging receiver after MAX_ATTEMPTS', async () => {
    const first = await deliverDueNotifications(deps);
    expect(first).toEqual({ claimed: 6, delivered: 3, retrying: 3, failed: 0 });
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 0 }); // nothing due before the backoff
    clock.advance(31_000);
    expect(await deliverDueNotifications(deps)).toMatchObject({ claimed: 3, delivered: 2, retrying: 1 });

    const slack = rx.received.find((r) => r.path === '/ok' && r.body.includes('rotating_light'));
    expect(JSON.parse(slack!.body).text).toMatch(/beta is now graded F/);
    const sre = rx.received.find((r) => r.path === '/sre')!;
    // No policy governs the scorecard yet: the F is news, with no consequence promised.
    expect(JSON.parse(sre.body)).toMatchObject({ type: 'entered-f', entity: `${C}beta`, to: 'F', team: 'group:default/team-a', scorecard: 'production-readiness', consequence: null, summary: `${C}beta is now graded F on production-readiness` });
    const sig = verifySignature({ body: sre.body, secret: SECRET, signature: sre.headers['x-tally-signature'] as string, timestamp: sre.headers['x-tally-timestamp'] as string, now: clock() });
    expect(sig).toEqual({ ok: true });
    const flaky = rx.received.filter((r) => r.path === '/flaky');
    expect(flaky).toHaveLength(4); // two events, each refused once then accepted

    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      clock.advance(2 * 3_600_000);
      await deliverDueNotifications(deps);
    }
    const viewer = await authHeader(deps, 'viewer');
    expect((await app.inject({ url: '/api/v1/notifications/deliveries' })).statusCode).toBe(401);
    const failed = (await app.inject({ url: '/api/v1/notifications/deliveries?status=failed', headers: viewer })).json().items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'grade-down', entity: `${C}gamma`, attempts: MAX_ATTEMPTS, status: 'failed', lastError: 'timed out after 1000 ms', target: { kind: 'webhook', origin: rx.base } });
    const delivered = (await app.inject({ url: '/api/v1/notifications/deliveries?status=delivered', headers: viewer })).json().items;
    expect(delivered).toHaveLength(5);
  }, 40_000);

  it('notifies once about a waiver expiring within 7 days', async () => {
    const now = clock();
    const waiver = (id: string, days: number) => ({ id, scorecard: 'production-readiness', entity: `${C}alpha`, requirement: 'backups', reason: 'migration', status: 'approved', requested_by: 'x', requested_at: now.toISOString(), decided_by: 'y', decided_at: now.toISOString(), expires_at: new Date(now.getTime() + days * 86_400_000).toISOString() });
    await deps.db.insertInto('waivers').values([waiver('w1', 3), waiver('w2', 30)]).execute();
    expect(await notifyWaiversExpiring(deps.db, deps.config, now)).toBe(2); // team-a: slack + webhook, only w1
    expect(await notifyWaiversExpiring(deps.db, deps.config, now)).toBe(0);
  });

  it("names what an F costs under the policy that governs the scorecard, and only there", async () => {
    const editor = await authHeader(deps, 'editor');
    expect((await app.inject({ method: 'PUT', url: '/api/v1/policies', headers: editor, payload: demoDocument() })).statusCode).toBeLessThan(300);
    const moves = [change('alpha', 'D', 'F', 30)];
    await enqueueGradeMoves(deps.db, deps.config, { scorecard: 'production-readiness', at: '2026-11-23T11:30:00.000Z', moves }, clock());
    await enqueueGradeMoves(deps.db, deps.config, { scorecard: 'oncall-health', at: '2026-11-23T11:30:00.000Z', moves }, clock());
    const rows = await deps.db.selectFrom('notifications').select(['event', 'target_url']).where('event', 'like', '%11:30:00%').execute();
    const events = rows.filter((r) => r.target_url.endsWith('/sre')).map((r) => JSON.parse(r.event) as { scorecard: string; consequence?: string });
    expect(events.find((e) => e.scorecard === 'production-readiness')?.consequence).toBe('no SRE support under policy deploy-by-grade until the grade recovers');
    expect(events.find((e) => e.scorecard === 'oncall-health')?.consequence).toBeUndefined();
  });

  it('never requests a target the outbound policy refuses: failed for good at once, with the reason', async () => {
    const requested: string[] = [];
    const spy: typeof fetch = (input, init) => (requested.push(String(input)), fetch(input, init));
    expect(await enqueueGradeChanges(deps.db, deps.config, [change('delta', 'B', 'C', 70)], clock())).toBe(2);
    expect(await deliverDueNotifications(deps, { fetch: spy })).toMatchObject({ failed: 2 });
    expect(requested.filter((u) => u.includes('/refused') || u.includes('169.254.169.254'))).toEqual([]);
    expect(rx.received.filter((r) => r.path === '/refused')).toEqual([]);
    const failed = (await app.inject({ url: '/api/v1/notifications/deliveries?status=failed', headers: await authHeader(deps, 'viewer') })).json().items;
    const delta = failed.filter((d: { entity: string }) => d.entity === `${C}delta`);
    expect(delta).toHaveLength(2);
    expect(delta.find((d: { target: { kind: string } }) => d.target.kind === 'slack')).toMatchObject({ attempts: 1, lastStatus: null, lastError: expect.stringMatching(/^refused by the outbound policy: host localhost:\d+ is not in outbound\.allow$/) });
    expect(delta.find((d: { target: { kind: string } }) => d.target.kind === 'webhook')).toMatchObject({ attempts: 1, lastError: 'refused by the outbound policy: host 169.254.169.254:80 is not in outbound.allow' });
    // Refused is final: later runs do not pick the rows up again.
    clock.advance(2 * 3_600_000);
    await deliverDueNotifications(deps, { fetch: spy });
    expect(requested.filter((u) => u.includes('/refused') || u.includes('169.254.169.254'))).toEqual([]);
  });

  it('retries a target whose host name does not resolve, like any network error', async () => {
    const policy = { checks: { outbound: { allow: ['127.0.0.1', 'hooks.acme.test'], allowPrivate: false, allowLinkLocal: false } } };
    const outboundCheck = outboundCheckFor(policy, async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.acme.test'), { code: 'ENOTFOUND' });
    });
    expect(await enqueueGradeChanges(deps.db, deps.config, [change('epsilon', 'B', 'C', 70)], clock())).toBe(1);
    expect(await deliverDueNotifications(deps, { outboundCheck })).toEqual({ claimed: 1, delivered: 0, retrying: 1, failed: 0 });
    const pending = (await app.inject({ url: '/api/v1/notifications/deliveries?status=pending', headers: await authHeader(deps, 'viewer') })).json().items;
    expect(pending.find((d: { entity: string }) => d.entity === `${C}epsilon`)).toMatchObject({
      attempts: 1, lastError: 'cannot resolve hooks.acme.test: ENOTFOUND', nextAttemptAt: new Date(clock().getTime() + 30_000).toISOString(),
    });
  });
});

describeEachEngine('notifications for a very large run', ({ db }) => {
  it('enqueues 40,000 grade moves without dropping any (SQLite has a 32,766-parameter limit), once', async () => {
    const config = testConfig({ notifications: { defaultWebhook: 'http://127.0.0.1:9/none' } });
    const deps = testDeps(db(), config, testClock('2026-11-23T12:00:00Z'));
    const moves = Array.from({ length: 40_000 }, (_, i) => ({ entity: `component:default/svc-${i}`, from: 'B', to: 'C', score: 75 }));
    const payload = { scorecard: 'production-readiness', at: '2026-11-23T11:00:00.000Z', moves };
    expect(await enqueueGradeMoves(deps.db, deps.config, payload, deps.clock())).toBe(40_000);
    expect(await enqueueGradeMoves(deps.db, deps.config, payload, deps.clock())).toBe(0);
  }, 60_000);
});
