// Report cards and leaderboard pages are built once per generation and sent as text with an
// ETag (report-card-cache.ts, platform/db/generations.ts, platform/http/json-text.ts): a new
// evaluation shows at the next read in this process and within RECHECK_MS from another; a
// matching If-None-Match is a 304; each query has its own entry; a reader not allowed to read
// never gets a cached body.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../../testing/app.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { entityScoresSchema } from '../../../common/api/scorecards.ts';
import { connectDatabase, type DbHandle } from '../../platform/db/connect.ts';
import { RECHECK_MS } from '../../platform/db/generations.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/app.ts';
import { fixtureDir } from '../testing.ts';

const CART = '/api/v1/entities/cart/scores';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachEngine('cached report cards and leaderboard pages', ({ db }) => {
  const fx = fixtureDir();
  const clock = testClock('2026-11-23T12:00:00Z');
  let deps: AppDeps;
  let app: App;
  let editor: Record<string, string>;
  let other: DbHandle;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
  const evaluate = () => app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: editor, payload: { scorecard: 'prod' } });
  const drill = async (passed: boolean) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/attestations', headers: editor, payload: { entity: 'cart', scorecard: 'prod', requirement: 'drill', passed, expiresAt: '2027-06-01T00:00:00Z' } });
    expect(res.statusCode).toBe(201);
  };
  const score = async () => (await get(CART)).json().scorecards[0].score as number;

  beforeAll(async () => {
    deps = testDeps(db(), testConfig({ catalog: { sources: fx.sources } }, fx.dir), clock);
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    expect((await evaluate()).statusCode).toBe(200);
    // Another connection to the same database: what another `tally serve` or worker writes through.
    other = await connectDatabase(db().url);
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  it('a new evaluation in this process shows at the next read', async () => {
    await drill(false);
    const before = await score();
    expect(await score()).toBe(before); // answered from the cache
    await drill(true);
    expect(await score()).toBeGreaterThan(before);
    await drill(false);
    expect(await score()).toBe(before);
  });

  it("another process's write shows within RECHECK_MS", async () => {
    const before = (await get(CART)).json().scorecards[0];
    // A write that bumps the generation from elsewhere (not through this process's bumpGeneration).
    await other.db.updateTable('grade_current').set({ score: 1, grade: 'F' }).where('entity', '=', 'component:default/cart').where('scorecard', '=', 'prod').execute();
    await other.db.updateTable('read_generations').set({ n: sql`n + 1` }).where('name', '=', 'scorecards').execute();
    await sleep(RECHECK_MS + 50); // waiting longer (a loaded machine) only makes this likelier to hold
    const after = (await get(CART)).json().scorecards[0];
    expect([before.grade, after.grade]).toEqual([before.grade, 'F']);
    expect(after.score).toBe(1);
    await evaluate(); // back to the real grade
    expect((await get(CART)).json().scorecards[0].score).toBe(before.score);
  });

  it('answers 304 to a matching If-None-Match, and 200 with a new tag once the card changed', async () => {
    const first = await get(CART);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await get(CART, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(CART, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    await drill(true);
    const changed = await get(CART, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    await drill(false);
    // The leaderboard too.
    const board = await get('/api/v1/leaderboard');
    expect((await get('/api/v1/leaderboard', { 'if-none-match': board.headers.etag as string })).statusCode).toBe(304);
  });

  it('gives each query its own entry, and the text is what the schema says', async () => {
    const all = await get(CART);
    const one = await get(`${CART}?scorecard=prod`);
    const checkout = await get('/api/v1/entities/checkout/scores');
    expect(new Set([all.headers.etag, checkout.headers.etag]).size).toBe(2);
    expect(checkout.json().entity).toBe('component:default/checkout');
    expect(one.json().scorecards.map((s: { scorecard: string }) => s.scorecard)).toEqual(['prod']);
    expect(all.json()).toEqual(entityScoresSchema.parse(all.json()));
    expect((await get(`${CART}?scorecard=nope`)).statusCode).toBe(404);
    const tier1 = await get('/api/v1/leaderboard?tier=1');
    const tier2 = await get('/api/v1/leaderboard?tier=2');
    expect(tier1.json().services.map((s: { name: string }) => s.name)).toEqual(['checkout']);
    expect(tier2.json().services.map((s: { name: string }) => s.name)).toEqual(['cart']);
    expect(tier1.headers.etag).not.toBe(tier2.headers.etag);
  });

  it('keeps a waived requirement on the card only until the waiver expires', async () => {
    const viewer = await authHeader(deps, 'viewer');
    const expiresAt = '2026-11-23T12:30:00.000Z';
    const asked = await app.inject({ method: 'POST', url: '/api/v1/waivers', headers: viewer, payload: { entity: 'cart', scorecard: 'prod', requirement: 'runbook', reason: 'moving wikis', expiresAt } });
    expect(asked.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: `/api/v1/waivers/${asked.json().id}/approve`, headers: editor })).statusCode).toBe(200);
    const waiverOf = async () => (await get(CART)).json().scorecards[0].requirements.find((r: { id: string }) => r.id === 'runbook').waiver;
    expect(await waiverOf()).toMatchObject({ expiresAt });
    clock.set('2026-11-23T12:31:00Z');
    expect(await waiverOf()).toBeNull();
  });

  it('never hands a cached body to a reader who may not read', async () => {
    const closed = testDeps(db(), testConfig({ catalog: { sources: fx.sources }, server: { anonymousRead: false } }, fx.dir), clock);
    const closedApp = await testApp(closed);
    try {
      // The same database object as `app`'s: the cache is warm with these very answers.
      const viewer = await authHeader(closed, 'viewer');
      const ok = await closedApp.inject({ url: CART, headers: viewer });
      expect(ok.statusCode).toBe(200);
      for (const url of [CART, '/api/v1/leaderboard']) {
        const res = await closedApp.inject({ url, headers: { 'if-none-match': ok.headers.etag as string } });
        expect([url, res.statusCode]).toEqual([url, 401]);
        expect(res.body).not.toContain('component:default/cart');
      }
    } finally {
      await closedApp.close();
    }
  });
});
