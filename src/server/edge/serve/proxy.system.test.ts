// `tally edge` as a reverse proxy on loopback, TLS-terminated, in front of the demo shop: HTTP/1.1
// and HTTP/2 pass through with their fingerprints taken (JA4 checked against the parsing library's
// own JA4 for the same hello); pages get the hidden honeypot link and robots.txt its Disallow;
// broken hellos are closed without harm; judged bots get normal-looking answers (sold out, a
// tarpit that trickles, up to its cap); and a failing store never blocks traffic.
import { execFile, spawnSync } from 'node:child_process';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { calculateJa4, readTlsClientHello } from 'read-tls-client-hello';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../testing/db.ts';
import { edgeDocumentSchema } from '../document.ts';
import type { RequestFacts } from '../engine.ts';
import { PREFACE, frame, priorityFrame, settings, u32, windowUpdate } from '../fingerprint/h2-frames.ts';
import { clientHelloRecord } from '../fingerprint/hello-bytes.ts';
import { selfSignedCert } from '../simulate/cert.ts';
import { startShop, type Shop } from '../simulate/shop.ts';
import { verdictStore } from '../store.ts';
import { edgeCheck } from '../check.ts';
import { startEdge, type RunningEdge } from './start.ts';

const cert = selfSignedCert();
const HAS_CURL = /\bHTTP2\b/.test(spawnSync('curl', ['-V'], { encoding: 'utf8' }).stdout ?? '');

function doc(shopPort: number, over: Record<string, unknown> = {}) {
  return edgeDocumentSchema.parse({
    apiVersion: 'tally.dev/v1', kind: 'Edge', metadata: { name: 'test' },
    spec: { upstream: `http://127.0.0.1:${shopPort}`, listen: { port: 0, tls: { cert: cert.cert, key: cert.key } }, decision: { port: 0 }, verdict: { minObserveSeconds: 0 }, ...over },
  });
}

function h1(port: number, o: { method?: string; path: string; headers?: Record<string, string>; tls?: tls.ConnectionOptions; localAddress?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: o.headers, agent: false, rejectUnauthorized: false, servername: 'shop.localhost', ...(o.localAddress ? { localAddress: o.localAddress } : {}), ...o.tls }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.method === 'POST' ? '{}' : undefined);
  });
}

describe('tally edge: the reverse proxy', () => {
  let db: TestDb;
  let shop: Shop;
  let edge: RunningEdge;
  const seen: RequestFacts[] = [];
  beforeAll(async () => {
    db = await openTestDb('sqlite');
    shop = await startShop({ stock: 1000 });
    edge = await startEdge(doc(shop.port), { db: db.db });
    edge.runtime.onDecision = (f) => seen.push(f);
  });
  afterAll(async () => {
    await edge?.close();
    await shop?.close();
    await db?.drop();
  });

  it('passes HTTP/1.1 over TLS through, with a JA4 equal to the library\'s for the same hello, and the honeypot link in pages', async () => {
    // The hello this client sends, captured by a raw listener, gives the expected JA4.
    const capture = net.createServer((s) => {
      readTlsClientHello(s).then((h) => { expected = calculateJa4(h); s.destroy(); }, () => s.destroy());
    });
    let expected = '';
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
    const options = { ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384', ALPNProtocols: ['http/1.1'], maxVersion: 'TLSv1.2' as const };
    await h1((capture.address() as net.AddressInfo).port, { path: '/', tls: options }).catch(() => undefined);
    capture.close();
    const res = await h1(edge.proxy.port, { path: '/', headers: { 'user-agent': 'test', accept: 'text/html' }, tls: options });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<h1>Flash sale</h1>');
    expect(res.body).toMatch(/<a href="\/promo\/[A-Za-z0-9_-]{16}" rel="nofollow" aria-hidden="true" tabindex="-1" style="position:absolute;left:-10000px[^"]*">[^<]+<\/a><\/body>/);
    expect(String(res.headers['set-cookie'])).toMatch(/^sid=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Secure/);
    expect(expected).toMatch(/^t12d03\d\dh1_/); // two ciphers and the renegotiation SCSV, TLS 1.2, SNI, http/1.1
    expect(seen.at(-1)!.ja4).toBe(expected);
    expect(seen.at(-1)!.http).toMatch(/^h11-[0-9a-f]{8}-[0-9a-f]{8}$/);
    const robots = await h1(edge.proxy.port, { path: '/robots.txt' });
    expect(robots.body).toBe('User-agent: *\nAllow: /\n\nUser-agent: *\nDisallow: /promo/\n');
  });

  it('passes HTTP/2 through with its SETTINGS, window and pseudo-header fingerprint', async () => {
    const session = http2.connect(`https://127.0.0.1:${edge.proxy.port}`, { rejectUnauthorized: false, servername: 'shop.localhost', settings: { initialWindowSize: 6291456, headerTableSize: 65536, maxHeaderListSize: 262144, enablePush: false } });
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const s = session.request({ ':method': 'GET', ':authority': 'shop.localhost', ':scheme': 'https', ':path': '/product/3', 'user-agent': 'test' });
      let status = 0;
      let body = '';
      s.on('response', (h) => (status = Number(h[':status'])));
      s.setEncoding('utf8');
      s.on('data', (c) => (body += c));
      s.on('end', () => resolve({ status, body }));
      s.on('error', reject);
    });
    session.close();
    expect(res.status).toBe(200);
    expect(res.body).toContain('Limited sneaker #3');
    const f = seen.at(-1)!;
    // node:http2's client sends the settings it was given in identifier order, no PRIORITY frames.
    expect(f.h2).toMatch(/^1:65536;2:0;4:6291456;6:262144\|\d+\|0\|masp$/);
    expect(f.ja4).toMatch(/^t13d\d{4}h2_/);
  });

  it('reads the HTTP/2 SETTINGS order and PRIORITY frames as sent: a raw client, and curl --http2', async () => {
    // A client whose first flight comes in two writes, SETTINGS in an unusual order, a connection
    // window, a PRIORITY frame and a request with its own priority (HPACK: :method GET, :scheme
    // https, :path /, :authority localhost).
    const hpack = Buffer.concat([Buffer.from([0x82, 0x87, 0x84, 0x41, 9]), Buffer.from('localhost')]);
    const flight = Buffer.concat([settings([[4, 1048576], [1, 4096], [3, 50]]), windowUpdate(1000000), priorityFrame(3, false, 0, 100), frame(0x1, 0x25, 5, Buffer.concat([u32(0x80000000 | 3), Buffer.from([31]), hpack]))]);
    const before = seen.length;
    const socket = tls.connect({ host: '127.0.0.1', port: edge.proxy.port, ALPNProtocols: ['h2'], rejectUnauthorized: false, servername: 'shop.localhost' });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.write(PREFACE);
    await new Promise((r) => setTimeout(r, 100));
    socket.write(flight);
    await expect.poll(() => seen.length > before, { timeout: 20_000 }).toBe(true);
    socket.destroy();
    expect(seen.at(-1)!.h2).toBe('4:1048576;1:4096;3:50|1000000|3:0:0:101,5:1:3:32|mspa');

    if (!HAS_CURL) return; // curl with HTTP/2 is not on this machine: the raw client above stands
    const curl = await new Promise<string>((resolve, reject) => execFile('curl', ['-sk', '--http2', '-o', '/dev/null', '-w', '%{http_version} %{http_code}', `https://127.0.0.1:${edge.proxy.port}/product/2`], (err, out) => (err ? reject(err) : resolve(out))));
    expect(curl).toBe('2 200');
    // curl (nghttp2) sends max concurrent streams, initial window size, enable push, in that order.
    expect(seen.at(-1)!.h2).toMatch(/^3:\d+;4:\d+;2:0\|\d+\|0\|mpsa$/);
  });

  it('closes a malformed ClientHello, a non-TLS byte stream or a bad HTTP/2 preface like any server, and keeps serving', async () => {
    const bad = [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), clientHelloRecord({ ciphers: [0x1301], extensions: [] }).subarray(0, 30), Buffer.from([22, 3, 1, 0, 5, 1, 0, 0, 99, 3])];
    for (const bytes of bad) {
      const got = await new Promise<string>((resolve) => {
        const s = net.connect(edge.proxy.port, '127.0.0.1', () => s.end(bytes));
        let data = '';
        s.on('data', (c) => (data += c.toString('latin1')));
        s.on('close', () => resolve(data));
        s.on('error', () => resolve(data));
      });
      expect(got).not.toMatch(/blocked|bot|denied|captcha/i);
    }
    // After a good handshake that chose h2, a preface that is not one: the session is closed.
    const h2garbage = await new Promise<string>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: edge.proxy.port, ALPNProtocols: ['h2'], rejectUnauthorized: false, servername: 'shop.localhost' }, () => s.write('PRI * HTTP/9.9\r\n\r\nXX\r\n\r\ngarbage-garbage-garbage'));
      let data = '';
      s.on('data', (c) => (data += c.toString('latin1')));
      s.on('close', () => resolve(data));
      s.on('error', () => resolve(data));
    });
    expect(h2garbage).not.toMatch(/blocked|bot|denied|captcha/i);
    expect((await h1(edge.proxy.port, { path: '/' })).status).toBe(200);
  });

  it('answers a judged bot as the shop would: sold out on checkout with the usual status and headers', async () => {
    const post = (i: number) => h1(edge.proxy.port, { method: 'POST', path: '/checkout', headers: { 'user-agent': `bot-${i}`, 'content-type': 'application/json' }, tls: { ALPNProtocols: ['http/1.1'], sigalgs: 'ecdsa_secp256r1_sha256' } });
    const real = await post(0);
    expect(real.body).toMatch(/"ok":true/);
    let shadowed;
    for (let i = 1; i < 40 && !shadowed; i++) {
      const r = await post(i);
      if (r.body.includes('sold_out')) shadowed = r;
    }
    expect(shadowed).toBeDefined();
    expect(shadowed!.status).toBe(200);
    expect(shadowed!.headers['content-type']).toBe(real.headers['content-type']);
    expect(Object.keys(shadowed!.headers).filter((h) => h.startsWith('x-'))).toEqual([]);
    await edge.runtime.store.settle();
    const stored = await db.db.selectFrom('edge_verdicts').selectAll().where('verdict', '=', 'bot').execute();
    expect(stored.map((r) => r.action)).toContain('shadow');
  });
});

describe('tally edge: tarpit and failing open', () => {
  it('tarpits up to the cap from one timer (headers at once, a few bytes a tick), then shadow-bans', async () => {
    const db = await openTestDb('sqlite');
    const shop = await startShop();
    const edge = await startEdge(doc(shop.port, { actions: { onBot: 'tarpit' }, tarpit: { maxSockets: 2, tickMs: 250, bytesPerTick: 3, timeoutSeconds: 6 } }), { db: db.db });
    try {
      const post = (i: number) => h1(edge.proxy.port, { method: 'POST', path: '/checkout', headers: { 'user-agent': `bot-${i}` }, tls: { ALPNProtocols: ['http/1.1'], sigalgs: 'rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256' } });
      let i = 0;
      while (edge.runtime.engine.activeBans(Date.now()).length === 0 && i < 40) await post(i++);
      const started = Date.now();
      const pits = [post(100), post(101)];
      for (const p of pits) p.catch(() => {}); // awaited below; a failed assertion closes the edge first
      // Both held at once (their timeout, 6 s, leaves room for slow handshakes on a busy machine).
      await expect.poll(() => edge.runtime.tarpit.size, { timeout: 5_000, interval: 20 }).toBe(2);
      const third = await post(102);
      expect(third.body).toContain('sold_out');
      const [a] = await Promise.all(pits);
      expect(a!.status).toBe(200);
      expect(a!.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(Date.now() - started).toBeGreaterThanOrEqual(5_900);
      expect(a!.body.length).toBeGreaterThan(20);
      expect(a!.body.length).toBeLessThan(200);
      expect(edge.runtime.tarpit.size).toBe(0);
    } finally {
      await edge.close();
      await shop.close();
      await db.drop();
    }
  }, 60_000);

  it('keeps serving when its database fails, and counts it (/healthz, metrics)', async () => {
    const db = await openTestDb('sqlite');
    const shop = await startShop();
    const store = verdictStore(db.db, 'test');
    await db.db.schema.dropTable('edge_verdicts').execute();
    const edge = await startEdge(doc(shop.port), { db: db.db, store });
    try {
      for (let i = 0; i < 30; i++) await h1(edge.proxy.port, { method: 'POST', path: '/checkout', headers: { 'user-agent': `bot-${i}` } });
      expect((await h1(edge.proxy.port, { path: '/product/1' })).status).toBe(200);
      await store.settle();
      expect(store.failures()).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${edge.decision.port}/healthz`);
      expect(health.status).toBe(503);
      expect((await health.json()).storeFailures).toBeGreaterThan(0);
      const metrics = await (await fetch(`http://127.0.0.1:${edge.decision.port}/metrics`)).text();
      expect(metrics).toMatch(/tally_edge_store_failures_total [1-9]/);
      expect(metrics).toMatch(/tally_edge_decisions_total\{action="allow"\} [1-9]/);
      // The `edge` check type reads the same /healthz: failing open is a failing check.
      const config = { type: 'edge' as const, url: `http://127.0.0.1:${edge.decision.port}/healthz` };
      const deps = { now: () => new Date(), offline: false, fetch, timeoutMs: 2000, config: { outbound: { allow: ['127.0.0.1'], allowPrivate: true, allowLinkLocal: false }, prometheus: {}, baseDir: '.' } };
      const observed = await edgeCheck.collect!([{ key: 'k', ctx: {} as never, config }], deps as never, {} as never);
      const outcome = edgeCheck.evaluate(config, {} as never, observed.get('k'), {} as never, {} as never);
      expect(outcome.state).toBe('fail');
      expect(outcome.message).toMatch(/^the edge is failing open: its state store failed [1-9]\d* time\(s\)/);
    } finally {
      await edge.close();
      await shop.close();
      await db.drop();
    }
  });
});
