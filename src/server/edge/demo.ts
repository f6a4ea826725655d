// The demo's flash sale: when `server.demo` is on and the edge has judged nothing yet, the last 30
// minutes of a sale at the Acme shop are replayed through the real engine (the default Edge
// settings: two minutes of evidence before any verdict) and stored as an edge would — people
// browsing and buying, a fleet of checkout scripts rotating addresses and user agents from a cloud
// range, a headless browser at machine pace, a scraper that walks into the honeypot. The "cloud"
// addresses are in the built-in example ranges (documentation blocks named example-hosting and
// example-cloud), not any real provider's. So the Bot
// defence page shows traffic, bans and explained verdicts as soon as the demo starts.
import type { AppDeps } from '../platform/deps.ts';
import { edgeSpecSchema } from './document.ts';
import { EdgeEngine, type RequestFacts } from './engine.ts';
import { loadRanges } from './ranges-file.ts';
import { verdictStore } from './store.ts';

const CHROME_JA4 = 't13d1516h2_8daaf6152771_e5627efa2ab1';
const CHROME_HTTP = 'h20-5f0e2c1a-8d41b7e2';
const CHROME_H2 = '1:65536;2:0;4:6291456;6:262144|15663105|0|masp';

/** The sale's requests in time order, from `start` for 30 minutes (deterministic). */
export function demoSale(start: number): RequestFacts[] {
  const out: RequestFacts[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const MIN = 60_000;
  for (let p = 0; p < 60; p++) {
    let t = start + rnd() * 25 * MIN;
    const session = `person-${p}`;
    const ip = `198.51.100.${p + 10}`;
    for (const path of ['/', '/static/shop.css', '/static/shop.js', '/product/3', '/static/shop.css', '/product/7', '/cart', '/checkout']) {
      out.push({ ip, method: path === '/cart' || path === '/checkout' ? 'POST' : 'GET', path, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0', ja4: CHROME_JA4, http: CHROME_HTTP, h2: CHROME_H2, session, now: (t += 3_000 + rnd() * 40_000) });
    }
  }
  for (let i = 0; i < 900; i++) {
    out.push({ ip: `198.18.0.${i % 250}`, method: 'POST', path: '/checkout', userAgent: `Mozilla/5.0 (X11; Linux x86_64) Firefox/${100 + (i % 33)}.0`, ja4: 't12d060900_c866b44c5a26_b5b4ba4bd7f1', http: 'h11-4901671a-33b65e23', now: start + 5 * MIN + i * 1_500 });
  }
  for (let i = 0; i < 800; i++) {
    const path = ['/product/1', '/cart', '/checkout'][i % 3]!;
    out.push({ ip: '192.0.2.20', method: path === '/product/1' ? 'GET' : 'POST', path, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0', ja4: CHROME_JA4, http: 'h20-77c1d0aa-8d41b7e2', h2: CHROME_H2, session: 'headless-1', now: start + 10 * MIN + i * 200 });
  }
  for (let i = 0; i < 150; i++) {
    out.push({ ip: '203.0.113.50', method: 'GET', path: i % 10 === 9 ? `/promo/demo${i}` : `/product/${1 + (i % 12)}`, userAgent: 'Mozilla/5.0 (compatible; PriceWatch/2.1)', ja4: 't13d5110 00_9e336f1a53ca_750c77021951'.replace(' ', ''), http: 'h11-0c5b77d2-1e0a44f9', now: start + 2 * MIN + i * 8_000 });
  }
  return out.sort((a, b) => a.now - b.now);
}

export async function seedDemoEdge(deps: AppDeps): Promise<number> {
  if (!deps.config.server.demo) return 0;
  const any = await deps.db.selectFrom('edge_verdicts').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const store = verdictStore(deps.db, 'acme-shop', (m) => deps.log.warn(m));
  let verdicts = 0;
  const engine = new EdgeEngine(edgeSpecSchema.parse({ upstream: 'http://127.0.0.1:8080' }), loadRanges([]).table, (v) => {
    verdicts++;
    store.save(v);
  });
  const now = deps.clock().getTime();
  for (const f of demoSale(now - 30 * 60_000)) store.count(engine.decide(f).action, f.now);
  await store.flush();
  return verdicts;
}
