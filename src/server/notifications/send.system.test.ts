// Deliveries against real HTTP receivers on 127.0.0.1: one answers 200, one 500, one never answers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEvent } from './format.ts';
import { backoffDelay, deliver, isRetryable, MAX_ATTEMPTS } from './send.ts';
import { verifySignature } from '../platform/outbound/sign.ts';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const received: Received[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/hang') return; // never answers
      res.writeHead(req.url === '/ok' ? 200 : 500, { 'content-type': 'text/plain' }).end(req.url === '/ok' ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const event: NotificationEvent = { type: 'entered-f', id: 'evt-9', entity: 'component:default/cart', details: 'owner missing' };
const deps = { fetch, now: () => new Date(), timeoutMs: 2000 };
const last = () => received[received.length - 1];

describe('deliver', () => {
  it('posts a signed JSON body that the receiver can verify', async () => {
    const result = await deliver({ kind: 'webhook', url: `${base}/ok`, secret: 'hook-secret' }, event, deps);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const r = last();
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-tally-delivery']).toBe('evt-9');
    expect(JSON.parse(r.body)).toMatchObject({ version: 1, type: 'entered-f', id: 'evt-9' });
    const verdict = verifySignature({
      body: r.body,
      secret: 'hook-secret',
      signature: r.headers['x-tally-signature'] as string,
      timestamp: r.headers['x-tally-timestamp'] as string,
      now: new Date(),
    });
    expect(verdict).toEqual({ ok: true });
  });

  it('sends Slack payloads unsigned', async () => {
    expect((await deliver({ kind: 'slack', url: `${base}/ok` }, event, deps)).ok).toBe(true);
    expect(JSON.parse(last().body)).toHaveProperty('blocks');
    expect(last().headers['x-tally-signature']).toBeUndefined();
  });

  it('reports a 500 with its status and body, as retryable', async () => {
    const result = await deliver({ kind: 'webhook', url: `${base}/fail` }, event, deps);
    expect(result).toMatchObject({ ok: false, status: 500, error: 'HTTP 500: boom' });
    expect(isRetryable(result)).toBe(true);
  });

  it('gives up on a receiver that hangs, after the timeout, without throwing', async () => {
    const result = await deliver({ kind: 'webhook', url: `${base}/hang` }, event, { ...deps, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, error: 'timed out after 200 ms' });
    expect(result.status).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
    expect(isRetryable(result)).toBe(true);
  });

  it('reports a refused connection and a bad URL as values', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await deliver({ kind: 'webhook', url: `http://127.0.0.1:${port}/` }, event, deps);
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('ECONNREFUSED');
    expect((await deliver({ kind: 'webhook', url: 'not a url' }, event, deps)).ok).toBe(false);
  });
});

describe('retry schedule', () => {
  it('doubles from 30 s and stops growing at 1 h', () => {
    expect([1, 2, 3, 4, 8, 9, 50].map(backoffDelay)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(MAX_ATTEMPTS).toBe(10);
  });
  it('retries server trouble, not client errors', () => {
    expect(isRetryable({ ok: false, status: 429, durationMs: 1 })).toBe(true);
    expect(isRetryable({ ok: false, status: 404, durationMs: 1 })).toBe(false);
    expect(isRetryable({ ok: true, status: 200, durationMs: 1 })).toBe(false);
  });
});
