// The flash-sale simulation: a demo shop behind `tally edge` on loopback, then people and three
// kinds of bot for a few seconds of compressed time (the edge's observation window is shortened
// to match). Every client has its own loopback address, which is how the score knows who was who;
// the edge never sees that. Prints precision and recall (per client), time to verdict, who bought
// the stock, and the proxy's added latency measured side by side with direct requests.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../platform/db/connect.ts';
import { edgeDocumentSchema } from '../document.ts';
import type { Action } from '../engine.ts';
import { startEdge } from '../serve/start.ts';
import { selfSignedCert } from './cert.ts';
import { H2Client, PROFILES, h1Request, type Reply } from './clients.ts';
import { startShop } from './shop.ts';

type Kind = 'human' | 'headless' | 'scripted' | 'scraper';
/** The answers of a bot verdict (the maze answers any honeypot hit, verdict or not). */
const BOT_ACTIONS: ReadonlySet<Action> = new Set(['shadow', 'tarpit']);

export interface SimulationResult {
  seconds: number;
  clients: Record<Kind, number>;
  flagged: Record<Kind, number>;
  precision: number;
  recall: number;
  /** Seconds from a bot client's first request to the first request the edge answered as a bot's. */
  timeToVerdict: { median: number; p90: number };
  requests: { total: number; byAction: Record<Action, number> };
  stock: { total: number; toHumans: number; toBots: number };
  addedLatencyMs: { p50: number; p99: number; directP50: number; directP99: number };
  verdicts: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const between = (a: number, b: number) => a + Math.random() * (b - a);
const quantile = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

const CHROME = (ua: string, lang = true): [string, string][] => [
  ['sec-ch-ua', '"Chromium";v="131", "Not_A Brand";v="24"'], ['sec-ch-ua-mobile', '?0'], ['sec-ch-ua-platform', '"Windows"'], ['upgrade-insecure-requests', '1'], ['user-agent', ua],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'], ['accept-encoding', 'gzip, deflate, br, zstd'], ...(lang ? [['accept-language', 'en-GB,en;q=0.9'] as [string, string]] : []),
];
const UAS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'];

/** Who an address belongs to: people 127.0.1.x, scripted bots 127.0.2.x (16 per bot), headless 127.0.3.x, scrapers 127.0.4.x. */
function whoIs(ip: string): { kind: Kind; client: string } | undefined {
  const m = /^127\.0\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return undefined;
  const [c, d] = [Number(m[1]), Number(m[2])];
  if (c === 1) return { kind: 'human', client: `human-${d}` };
  if (c === 2) return { kind: 'scripted', client: `scripted-${d >> 4}` };
  if (c === 3) return { kind: 'headless', client: `headless-${d}` };
  if (c === 4) return { kind: 'scraper', client: `scraper-${d}` };
  return undefined;
}

async function human(port: number, i: number, until: number, start: number): Promise<void> {
  await sleep(start);
  const ip = `127.0.1.${i + 1}`;
  const c = new H2Client(port, ip, 'sid');
  let cookie: string | undefined;
  const ua = pick(UAS);
  const get = async (method: string, path: string) => {
    const r: Reply | undefined = await c.request(method, path, [...CHROME(ua), ...(cookie ? [['cookie', `sid=${cookie}`] as [string, string]] : [])]);
    if (r?.cookie) cookie = r.cookie;
    return r;
  };
  const assets = () => Promise.all([get('GET', '/static/shop.css'), get('GET', '/static/shop.js')]);
  try {
    while (Date.now() < until) {
      await get('GET', '/');
      await assets();
      await sleep(between(600, 2000));
      for (let k = 0; k < 1 + Math.floor(Math.random() * 3) && Date.now() < until; k++) {
        await get('GET', `/product/${1 + Math.floor(Math.random() * 12)}`);
        await assets();
        await sleep(between(800, 2500));
      }
      await get('POST', '/cart');
      await sleep(between(500, 1500));
      await get('POST', '/checkout');
      await sleep(between(1500, 4000));
    }
  } finally {
    c.close();
  }
}

async function headless(port: number, i: number, until: number): Promise<void> {
  const c = new H2Client(port, `127.0.3.${i + 1}`, 'sid');
  let cookie: string | undefined;
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36';
  const get = async (method: string, path: string) => {
    const r = await c.request(method, path, [...CHROME(ua, false), ...(cookie ? [['cookie', `sid=${cookie}`] as [string, string]] : [])]);
    if (r?.cookie) cookie = r.cookie;
  };
  try {
    while (Date.now() < until) {
      await get('GET', `/product/${1 + (i % 12)}`);
      await sleep(between(80, 160));
      await get('POST', '/cart');
      await sleep(between(80, 160));
      await get('POST', '/checkout');
      await sleep(between(80, 160));
    }
  } finally {
    c.close();
  }
}

async function scripted(port: number, i: number, until: number): Promise<void> {
  let n = 0;
  while (Date.now() < until) {
    const ip = `127.0.2.${(i << 4) + (n++ % 16)}`;
    const headers: [string, string][] = [['host', 'shop.localhost'], ['user-agent', pick(UAS)], ['accept-encoding', 'gzip, deflate'], ['accept', '*/*'], ['connection', 'keep-alive'], ['content-type', 'application/json']];
    await h1Request({ port, localAddress: ip, profile: PROFILES.python, method: 'POST', path: '/checkout', headers, cookieName: 'sid' });
    await sleep(between(150, 450));
  }
}

async function scraper(port: number, i: number, until: number): Promise<void> {
  const ip = `127.0.4.${i + 1}`;
  const queue = ['/'];
  const seen = new Set<string>();
  while (Date.now() < until) {
    const path = queue.length ? queue.splice(Math.floor(Math.random() * queue.length), 1)[0]! : `/product/${1 + Math.floor(Math.random() * 12)}`;
    const r = await h1Request({ port, localAddress: ip, profile: PROFILES.scraper, method: 'GET', path, headers: [['host', 'shop.localhost'], ['user-agent', 'Mozilla/5.0 (compatible; PriceWatch/2.1)'], ['accept', 'text/html']], cookieName: 'sid' });
    for (const m of r?.body.matchAll(/href="(\/[^"]*)"/g) ?? []) if (!seen.has(m[1]!) && !m[1]!.startsWith('/static')) { seen.add(m[1]!); queue.push(m[1]!); }
    await sleep(600);
  }
}

/** Sequential GETs, direct and through a plain-HTTP listener of the same edge, interleaved. */
async function latencyProbe(directPort: number, proxyPort: number, n: number): Promise<SimulationResult['addedLatencyMs']> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let n2 = 0;
  const one = (port: number) => new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    // A visitor each time (its own session), so the probe measures the edge, not its throttle.
    http.get({ host: '127.0.0.1', port, path: '/static/shop.css', agent, headers: { 'user-agent': 'probe', cookie: `sid=probe-${n2++}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    }).on('error', reject);
  });
  const direct: number[] = [];
  const proxied: number[] = [];
  for (let i = 0; i < n; i++) {
    direct.push(await one(directPort));
    proxied.push(await one(proxyPort));
  }
  agent.destroy();
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r3(quantile(proxied, 0.5) - quantile(direct, 0.5)), p99: r3(quantile(proxied, 0.99) - quantile(direct, 0.99)), directP50: r3(quantile(direct, 0.5)), directP99: r3(quantile(direct, 0.99)) };
}

export async function simulateFlashSale(o: { db: Db; seconds: number; humans?: number; headless?: number; scripted?: number; scrapers?: number }): Promise<SimulationResult> {
  const counts = { human: o.humans ?? 40, headless: o.headless ?? 4, scripted: o.scripted ?? 6, scraper: o.scrapers ?? 3 };
  const shop = await startShop({ stock: 150 });
  const { cert, key } = selfSignedCert();
  const ranges = join(tmpdir(), `tally-edge-sim-ranges-${process.pid}.json`);
  writeFileSync(ranges, JSON.stringify({ fetchedAt: new Date().toISOString(), providers: { 'simulated-cloud': ['127.0.2.0/24'] } }));
  const doc = edgeDocumentSchema.parse({
    apiVersion: 'tally.dev/v1', kind: 'Edge', metadata: { name: 'flash-sale' },
    spec: {
      upstream: `http://127.0.0.1:${shop.port}`, listen: { port: 0, tls: { cert, key } }, decision: { port: 0 }, ranges: [ranges],
      // Minutes compressed to seconds: evidence for at least 3 s before any verdict.
      verdict: { minObserveSeconds: 3, falsePositiveRate: 0.001, falseNegativeRate: 0.05 },
      tarpit: { timeoutSeconds: 10 },
    },
  });
  const edge = await startEdge(doc, { db: o.db });
  const plain = await (await import('../serve/proxy.ts')).listenProxy(edge.runtime, { host: '127.0.0.1', port: 0, plain: true });
  const firstSeen = new Map<string, number>();
  const firstFlag = new Map<string, number>();
  const kinds = new Map<string, Kind>();
  const byAction: Record<Action, number> = { allow: 0, throttle: 0, shadow: 0, tarpit: 0, maze: 0 };
  let total = 0;
  edge.runtime.onDecision = (f, d) => {
    const who = whoIs(f.ip);
    if (!who) return;
    total++;
    byAction[d.action]++;
    kinds.set(who.client, who.kind);
    if (!firstSeen.has(who.client)) firstSeen.set(who.client, f.now);
    if (BOT_ACTIONS.has(d.action) && !firstFlag.has(who.client)) firstFlag.set(who.client, f.now);
  };
  try {
    const until = Date.now() + o.seconds * 1000;
    await Promise.all([
      ...Array.from({ length: counts.human }, (_, i) => human(edge.proxy.port, i, until, between(0, o.seconds * 300))),
      ...Array.from({ length: counts.headless }, (_, i) => headless(edge.proxy.port, i, until)),
      ...Array.from({ length: counts.scripted }, (_, i) => scripted(edge.proxy.port, i, until)),
      ...Array.from({ length: counts.scraper }, (_, i) => scraper(edge.proxy.port, i, until)),
    ]);
    edge.runtime.onDecision = undefined;
    const addedLatencyMs = await latencyProbe(shop.port, plain.port, 400);
    const flagged: Record<Kind, number> = { human: 0, headless: 0, scripted: 0, scraper: 0 };
    const ttv: number[] = [];
    for (const [client, kind] of kinds) {
      const at = firstFlag.get(client);
      if (at === undefined) continue;
      flagged[kind]++;
      if (kind !== 'human') ttv.push((at - firstSeen.get(client)!) / 1000);
    }
    const bots = counts.headless + counts.scripted + counts.scraper;
    const flaggedBots = flagged.headless + flagged.scripted + flagged.scraper;
    let toHumans = 0;
    let toBots = 0;
    for (const [ip, n] of shop.sold) {
      if (whoIs(ip)?.kind === 'human') toHumans += n;
      else toBots += n;
    }
    await edge.runtime.store.settle();
    return {
      seconds: o.seconds, clients: counts, flagged,
      precision: flaggedBots + flagged.human ? flaggedBots / (flaggedBots + flagged.human) : 1,
      recall: bots ? flaggedBots / bots : 1,
      timeToVerdict: { median: Math.round(quantile(ttv, 0.5) * 10) / 10, p90: Math.round(quantile(ttv, 0.9) * 10) / 10 },
      requests: { total, byAction },
      stock: { total: 150, toHumans, toBots },
      addedLatencyMs,
      verdicts: edge.runtime.engine.counters.verdicts.bot + edge.runtime.engine.counters.verdicts.human,
    };
  } finally {
    await plain.close();
    await edge.close();
    await shop.close();
  }
}

export function formatSimulation(r: SimulationResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    `flash sale: ${r.seconds} s on loopback (the edge's observation window compressed to 3 s)`,
    `clients:    ${r.clients.human} people, ${r.clients.headless} headless browsers, ${r.clients.scripted} scripted clients rotating 16 addresses and user agents each, ${r.clients.scraper} slow scrapers`,
    `judged bot: people ${r.flagged.human}/${r.clients.human}, headless ${r.flagged.headless}/${r.clients.headless}, scripted ${r.flagged.scripted}/${r.clients.scripted}, scrapers ${r.flagged.scraper}/${r.clients.scraper}`,
    `precision:  ${pct(r.precision)}    recall: ${pct(r.recall)}`,
    `time to verdict (bots): median ${r.timeToVerdict.median} s, p90 ${r.timeToVerdict.p90} s`,
    `requests:   ${r.requests.total} (${Object.entries(r.requests.byAction).map(([a, n]) => `${a} ${n}`).join(', ')})`,
    `stock:      ${r.stock.toHumans} of ${r.stock.total} sold to people, ${r.stock.toBots} to bots`,
    `added latency through the proxy: p50 ${r.addedLatencyMs.p50} ms, p99 ${r.addedLatencyMs.p99} ms (direct p50 ${r.addedLatencyMs.directP50} ms, p99 ${r.addedLatencyMs.directP99} ms)`,
    `verdicts stored: ${r.verdicts}`,
    '',
  ].join('\n');
}
