// The official @sentry/node client against a real Tally on loopback (both engines): what an
// application sends arrives and groups as Sentry would group it — exceptions (two alike become one
// issue), a message (numbers parameterized), an unhandled rejection, with breadcrumbs, release,
// environment, user and the SDK's in-app frames.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { errorsTestApp, type ErrorsTestApp } from './testing.ts';

const CLIENT = join(import.meta.dirname, '..', 'testing', 'sentry-sdk-client.mjs');

function runClient(dsn: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, dsn], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describeEachEngine('errors: the official @sentry/node SDK', ({ db }) => {
  let t: ErrorsTestApp;
  let base: string;
  beforeAll(async () => {
    t = await errorsTestApp(db(), { now: new Date().toISOString() });
    t.clock.set(new Date());
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = typeof address === 'object' && address ? `127.0.0.1:${address.port}` : '';
  });
  afterAll(async () => t?.app.close());

  it('sends exceptions, a message and an unhandled rejection that arrive and group as expected', async () => {
    const run = await runClient(`http://${t.key}@${base}/7`);
    expect(run.out).toContain('flushed');
    const issues = (await t.call('GET', '/api/v1/errors/issues?entity=checkout&limit=50')).body.items as Array<Record<string, any>>;
    const byTitle = new Map(issues.map((i) => [i.title as string, i]));
    const coupon = issues.find((i) => /^TypeError: order \d has no coupon/.test(i.title));
    expect(coupon).toMatchObject({ events: 2, users: 1, firstRelease: 'shop@2.0.0', platform: 'node', culprit: expect.stringContaining('applyCoupon') });
    expect([...byTitle.keys()].some((k) => k.startsWith('SyntaxError'))).toBe(true);
    expect(byTitle.get('payment provider answered 503 after 1200 ms')).toMatchObject({ events: 1, level: 'warning' });
    expect(byTitle.get('Error: ledger write failed')).toMatchObject({ events: 1 });
    expect(issues).toHaveLength(4);

    const detail = (await t.call('GET', `/api/v1/errors/issues/${coupon!.id}`)).body;
    const event = detail.latestEvent;
    expect(event).toMatchObject({ release: 'shop@2.0.0', environment: 'staging' });
    expect(event.payload.sdk.name).toBe('sentry.javascript.node');
    const crumbs = (event.payload.breadcrumbs?.values ?? event.payload.breadcrumbs) as Array<{ message?: string }>;
    // Both coupon events share one received time under the test clock: either may be the latest,
    // and its breadcrumbs are its own order's.
    const order = /order (\d) has no coupon/.exec(event.payload.exception.values[0].value)![1];
    expect(crumbs.map((b) => b.message)).toContain(`checkout of order ${order}`);
    expect(detail.frames.map((f: { function?: string }) => f.function)).toEqual(expect.arrayContaining(['applyCoupon', 'checkout']));
    const rejection = (await t.call('GET', `/api/v1/errors/issues/${byTitle.get('Error: ledger write failed')!.id}`)).body.latestEvent.payload;
    expect(rejection.exception.values[0].mechanism.handled).toBe(false);
  });
});
