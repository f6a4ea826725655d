// The demo's flash sale on both engines: replayed through the real engine when server.demo is on,
// it stores bans for the checkout fleet, the headless browser and the scraper (tarpitted: it hit
// the honeypot), people judged people, traffic per minute — and only once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import { seedDemoEdge } from './demo.ts';

describeEachEngine('edge: the demo sale', ({ db }) => {
  let deps: AppDeps;
  beforeAll(() => {
    deps = testDeps(db(), testConfig({ server: { demo: true } }), testClock('2026-11-23T12:00:00Z'));
  });
  afterAll(() => {});

  it('stores explained verdicts and traffic once', async () => {
    expect(await seedDemoEdge(deps)).toBeGreaterThan(0);
    const rows = await deps.db.selectFrom('edge_verdicts').selectAll().execute();
    const bots = rows.filter((r) => r.verdict === 'bot');
    expect(bots.map((r) => r.ja4).sort()).toEqual(expect.arrayContaining(['t12d060900_c866b44c5a26_b5b4ba4bd7f1', 't13d511000_9e336f1a53ca_750c77021951']));
    expect(bots.some((r) => r.http === 'h20-77c1d0aa-8d41b7e2')).toBe(true);
    expect(bots.find((r) => r.ja4?.startsWith('t13d5110'))?.action).toBe('tarpit');
    expect(bots.every((r) => !r.subject.startsWith('s:person-'))).toBe(true);
    expect(rows.some((r) => r.verdict === 'human')).toBe(true);
    expect(bots.every((r) => Date.parse(r.decided_at) - Date.parse(r.first_seen_at) >= 120_000)).toBe(true);
    const traffic = await deps.db.selectFrom('edge_traffic').selectAll().execute();
    expect(traffic.reduce((n, r) => n + Number(r.requests), 0)).toBe(60 * 8 + 900 + 800 + 150);
    expect(await seedDemoEdge(deps)).toBe(0);
  });
});
