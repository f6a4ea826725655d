// The p0f sidecar for real: Debian's p0f sniffing loopback (it needs root), asked over its API
// socket by the edge. A client on Linux claiming Windows in its User-Agent gets the osMismatch
// signal in its verdict's evidence; an address p0f never saw is simply unknown.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeDocumentSchema } from '../document.ts';
import type { RequestFacts } from '../engine.ts';
import { startEdge, type RunningEdge } from '../serve/start.ts';
import { startShop, type Shop } from '../simulate/shop.ts';
import { nullStore } from '../store.ts';
import { p0fLookup } from './p0f.ts';

const P0F = '/usr/sbin/p0f';
const canSniff = existsSync(P0F) && process.getuid?.() === 0;

describe.skipIf(!canSniff)('p0f sidecar (TCP SYN fingerprint)', () => {
  let p0f: ChildProcess;
  let shop: Shop;
  let edge: RunningEdge;
  const socket = join(mkdtempSync(join(tmpdir(), 'tally-p0f-')), 'p0f.sock');
  const seen: RequestFacts[] = [];
  beforeAll(async () => {
    let out = '';
    p0f = spawn(P0F, ['-i', 'lo', '-s', socket], { stdio: ['ignore', 'pipe', 'pipe'] });
    p0f.stdout!.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('Entered main event loop'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('Entered main event loop');
    shop = await startShop({ stock: 1000 });
    const doc = edgeDocumentSchema.parse({ apiVersion: 'tally.dev/v1', kind: 'Edge', metadata: { name: 'p0f' }, spec: { upstream: `http://127.0.0.1:${shop.port}`, listen: { port: 0 }, decision: { port: 0 }, verdict: { minObserveSeconds: 0 }, p0f: { socket, waitMs: 1000 } } });
    edge = await startEdge(doc, { store: nullStore, keepVerdicts: true });
    // p0f classifies a SYN asynchronously: one plain connection from the client's address first,
    // until p0f knows it, so the edge's first decision does not race the sniffer on a busy machine.
    for (let i = 0; i < 50 && !(await p0fLookup(socket, '127.0.6.1', 1000)); i++) {
      await new Promise<void>((resolve) => net.connect({ host: '127.0.0.1', port: shop.port, localAddress: '127.0.6.1' }, function (this: net.Socket) { this.destroy(); resolve(); }).on('error', () => resolve()));
      await new Promise((r) => setTimeout(r, 100));
    }
    edge.runtime.onDecision = (f) => seen.push(f);
  });
  afterAll(async () => {
    await edge?.close();
    await shop?.close();
    p0f?.kill('SIGTERM');
  });

  const post = (ua: string) => new Promise<void>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: edge.proxy.port, method: 'POST', path: '/checkout', localAddress: '127.0.6.1', agent: false, headers: { 'user-agent': ua } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end('{}');
  });

  it('reads the operating system of the SYN and flags a User-Agent that claims another', async () => {
    // p0f sniffs asynchronously: on a busy machine the first SYN may not be classified within the wait.
    // The verdict may come from other signals first; the client goes on until the mismatch is in one.
    const withOs = () => seen.find((f) => f.tcpOs);
    const mismatched = () => edge.runtime.verdicts.find((x) => x.verdict === 'bot' && x.evidence.some((e) => e.signal === 'osMismatch'));
    for (let i = 0; i < 20 && !(mismatched() && withOs()); i++) await post('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0');
    expect(withOs()?.tcpOs).toMatch(/^Linux/);
    const v = mismatched();
    expect(v?.evidence.map((e) => e.signal)).toContain('osMismatch');
    expect(v?.samples.find((s) => s.signal === 'osMismatch')?.detail).toMatch(/^TCP Linux.*, User-Agent windows$/);
    expect(await p0fLookup(socket, '203.0.113.77')).toBeUndefined();
    expect(await p0fLookup(join(tmpdir(), 'no-such-p0f.sock'), '127.0.6.1')).toBeUndefined();
  });
});
