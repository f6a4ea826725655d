// The edge's verdicts over the API on both engines: what the engine decided, stored by the edge's
// store, read back with the evidence and an explanation; active bans and top fingerprints; traffic
// per minute; pagination; a bad query names its parameter.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { App } from '../platform/http/app.ts';
import { edgeSpecSchema } from './document.ts';
import { EdgeEngine, type RequestFacts } from './engine.ts';
import { RangeTable, parseCidr } from './ranges.ts';
import { verdictStore, type VerdictStore } from './store.ts';
import { runTally } from '../testing/cli.ts';

const T0 = Date.parse('2026-11-23T11:00:00Z');
const bot = (i: number): RequestFacts => ({ ip: `203.0.113.${i % 100}`, method: 'POST', path: '/checkout', userAgent: `UA-${i}`, ja4: 't12i0610h1_c866b44c5a26_b5b4ba4bd7f1', http: 'h11-4901671a-33b65e23', now: T0 + i * 400 });

describeEachEngine('edge: verdicts over the API', ({ db }) => {
  let app: App;
  let store: VerdictStore;
  let viewer: { authorization: string };
  beforeAll(async () => {
    const deps = testDeps(db(), undefined, testClock('2026-11-23T12:00:00Z'));
    app = await testApp(deps);
    viewer = await authHeader(deps, 'viewer');
    store = verdictStore(db().db, 'shop');
    const ranges = new RangeTable();
    ranges.add(parseCidr('203.0.113.0/24')!, 'examplecloud');
    const engine = new EdgeEngine(edgeSpecSchema.parse({ upstream: 'http://127.0.0.1:1', verdict: { minObserveSeconds: 60 } }), ranges, (v) => store.save(v));
    for (let i = 0; i < 300; i++) store.count(engine.decide(bot(i)).action, bot(i).now);
    for (let i = 0; i < 60; i++) {
      const paths = ['/product/1', '/static/a.css', '/static/a.js', '/cart', '/checkout'];
      const f: RequestFacts = { ip: '198.51.100.4', method: 'GET', path: paths[i % 5]!, ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1', http: 'h20-aaaaaaaa-bbbbbbbb', h2: '1:65536', session: 'people', now: T0 + i * 3000 };
      store.count(engine.decide(f).action, f.now);
    }
    await store.flush();
  });
  afterAll(async () => app?.close());

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: viewer });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };

  it('lists verdicts newest first, with the evidence and why', async () => {
    const { status, body } = await get('/api/v1/edge/verdicts?verdict=bot');
    expect(status).toBe(200);
    const v = body.items[0];
    expect(v).toMatchObject({ edge: 'shop', scope: 'fingerprint', verdict: 'bot', action: 'shadow', ja4: 't12i0610h1_c866b44c5a26_b5b4ba4bd7f1', addresses: 50 });
    expect(v.secondsToVerdict).toBeGreaterThanOrEqual(60);
    expect(v.llr).toBeGreaterThanOrEqual(v.thresholds.upper);
    expect(v.evidence.map((e: { signal: string }) => e.signal)).toContain('checkoutWithoutBrowsing');
    expect(v.explanation).toMatch(/^This fingerprint was judged bot after \d+ s and \d+ requests from 50 address\(es\).*went to cart or checkout without viewing a product ×\d+/);
    const one = await get(`/api/v1/edge/verdicts/${v.id}`);
    expect(one.body).toEqual(v);
    const humans = await get('/api/v1/edge/verdicts?verdict=human');
    expect(humans.body.items.length).toBeGreaterThan(0);
    expect(humans.body.items[0].explanation).toMatch(/judged human/);
  });

  it('pages with a cursor and refuses bad queries naming the parameter', async () => {
    const all = (await get('/api/v1/edge/verdicts?limit=200')).body.items;
    const p1 = await get('/api/v1/edge/verdicts?limit=1');
    const p2 = await get(`/api/v1/edge/verdicts?limit=1&cursor=${p1.body.nextCursor}`);
    expect([p1.body.items[0].id, p2.body.items[0].id]).toEqual(all.slice(0, 2).map((v: { id: string }) => v.id));
    const bad = await get('/api/v1/edge/verdicts?verdict=maybe');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('querystring.verdict');
    expect((await get('/api/v1/edge/verdicts/nope')).status).toBe(404);
  });

  it('shows the active bans with expiry, the top fingerprints and traffic by minute', async () => {
    const { body } = await get('/api/v1/edge/overview');
    expect(body.bans).toHaveLength(1);
    expect(body.bans[0]).toMatchObject({ scope: 'fingerprint', action: 'shadow' });
    expect(Date.parse(body.bans[0].expiresAt)).toBeGreaterThan(Date.parse('2026-11-23T12:00:00Z'));
    expect(body.topFingerprints[0]).toMatchObject({ ja4: 't12i0610h1_c866b44c5a26_b5b4ba4bd7f1', bot: 1 });
    const traffic = (await get('/api/v1/edge/traffic')).body.minutes;
    const sum = traffic.reduce((n: number, m: Record<string, number>) => n + m.allow! + m.throttle! + m.shadow! + m.tarpit! + m.maze!, 0);
    expect(sum).toBe(360);
    expect(traffic.some((m: { shadow: number }) => m.shadow > 0)).toBe(true);
  });

  it('tally edge verdicts and tally edge why read the same from a terminal', async () => {
    const list = await runTally(['edge', 'verdicts', '--bots'], { app });
    expect(list.code).toBe(0);
    const [id, verdict, action, scope] = list.stdout.split('\n')[0]!.split('\t');
    expect([verdict, action, scope]).toEqual(['bot', 'shadow', 'fingerprint']);
    const why = await runTally(['edge', 'why', id!], { app });
    expect(why.stdout).toMatch(/^bot fingerprint t12i0610h1_c866b44c5a26_b5b4ba4bd7f1\|h11-4901671a-33b65e23\|-\nThis fingerprint was judged bot after \d+ s/);
    const missing = await runTally(['edge', 'why', 'nope'], { app });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no edge verdict nope');
  });
});
