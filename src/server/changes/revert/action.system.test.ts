import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../platform/outbound/sign.ts';
import { renderTemplate, runRevertAction, type RevertContext } from './action.ts';
import { makeChange } from '../testing.ts';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const recorded: Recorded[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      recorded.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url!.startsWith('/hang')) return; // never answers
      if (req.url!.startsWith('/fail')) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('deployer exploded');
        return;
      }
      if (req.url!.startsWith('/big')) {
        res.writeHead(200).end('x'.repeat(10_000));
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id": 42}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const change = makeChange({ id: 'ch-7', version: '9c1e5a7', previousVersion: '41d02bb', entities: ['component:default/checkout'] });
const ctx = (over: Partial<RevertContext> = {}): RevertContext => ({
  reason: 'errors "spiking"\nafter deploy',
  actor: 'alice',
  fetch,
  timeoutMs: 2000,
  now: new Date(),
  namedActions: { 'github-redeploy': { type: 'github-redeploy', token: 'ghs_test', apiUrl: base }, rollback: { type: 'webhook', method: 'POST', url: `${base}/rollback/{{entity}}` } },
  ...over,
});
const last = () => recorded[recorded.length - 1];

describe('runRevertAction: webhook', () => {
  it('sends the filled, JSON-escaped body, signed with the secret and a timestamp (the one scheme of every webhook Tally sends)', async () => {
    const body = '{"to": "{{change.previousVersion}}", "from": "{{change.version}}", "why": "{{reason}}", "by": "{{actor}}", "change": "{{change.id}}"}';
    const r = await runRevertAction({ webhook: { method: 'POST', url: `${base}/revert/{{entity}}`, body, secret: 'shh', headers: { 'X-Extra': 'yes' } } }, change, ctx());
    expect(r).toMatchObject({ ok: true, status: 201, response: '{"id": 42}' });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    const req = last();
    expect(req.url).toBe('/revert/component%3Adefault%2Fcheckout');
    expect(JSON.parse(req.body)).toEqual({ to: '41d02bb', from: '9c1e5a7', why: 'errors "spiking"\nafter deploy', by: 'alice', change: 'ch-7' });
    const timestamp = req.headers['x-tally-timestamp'] as string;
    expect(req.headers['x-tally-signature']).toBe(`sha256=${createHmac('sha256', 'shh').update(`${timestamp}.${req.body}`).digest('hex')}`);
    // A receiver verifies it with the same function as notifications, and refuses a replay later on.
    expect(verifySignature({ body: req.body, secret: 'shh', signature: req.headers['x-tally-signature'] as string, timestamp, now: new Date() })).toEqual({ ok: true });
    expect(verifySignature({ body: req.body, secret: 'shh', signature: req.headers['x-tally-signature'] as string, timestamp, now: new Date(Date.now() + 3_600_000) }).ok).toBe(false);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-extra']).toBe('yes');
  });

  it('sends a webhook written as a path on this server to publicUrl + path (the demo on any port)', async () => {
    const r = await runRevertAction({ webhook: { method: 'POST', url: '/demo/webhooks/revert' } }, change, ctx({ publicUrl: base }));
    expect(r).toMatchObject({ ok: true, status: 201 });
    expect(last().url).toBe('/demo/webhooks/revert');
    const none = await runRevertAction({ webhook: { method: 'POST', url: '/demo/webhooks/revert' } }, change, ctx());
    expect(none).toMatchObject({ ok: false, error: expect.stringContaining('no server.publicUrl') });
  });

  it('reports a 500 as a failure, with the answer', async () => {
    const r = await runRevertAction({ webhook: { method: 'POST', url: `${base}/fail` } }, change, ctx());
    expect(r).toMatchObject({ ok: false, status: 500, response: 'deployer exploded', error: 'answered HTTP 500' });
  });

  it('gives up on a server that never answers', async () => {
    const r = await runRevertAction({ webhook: { method: 'POST', url: `${base}/hang` } }, change, ctx({ timeoutMs: 300 }));
    expect(r).toMatchObject({ ok: false, error: 'no answer within 300 ms' });
    expect(r.durationMs).toBeGreaterThanOrEqual(250);
    expect(r.durationMs).toBeLessThan(2000);
  });

  it('keeps only the first 4 KiB of the answer', async () => {
    const r = await runRevertAction({ webhook: { method: 'GET', url: `${base}/big` } }, change, ctx());
    expect(r.response).toHaveLength(4096);
  });

  it('refuses what the outbound policy refuses, without sending', async () => {
    const before = recorded.length;
    const r = await runRevertAction({ webhook: { method: 'POST', url: `${base}/x` } }, change, ctx({ outboundCheck: async () => ({ ok: false, reason: 'private address' }) }));
    expect(r).toMatchObject({ ok: false, error: 'refused by the outbound policy: private address' });
    expect(recorded.length).toBe(before);
  });

  it('fails, without sending, on an unknown placeholder or a value the change lacks', async () => {
    const before = recorded.length;
    const typo = await runRevertAction({ webhook: { method: 'POST', url: `${base}/x`, body: '{"v": "{{change.versoin}}"}' } }, change, ctx());
    expect(typo.error).toMatch(/^unknown placeholder \{\{change.versoin\}\}/);
    const missing = await runRevertAction({ webhook: { method: 'POST', url: `${base}/x`, body: 'to={{change.previousVersion}}' } }, makeChange(), ctx());
    expect(missing.error).toBe('{{change.previousVersion}} is not known for this change');
    expect(recorded.length).toBe(before);
  });

  it('reports a connection failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await runRevertAction({ webhook: { method: 'POST', url: `http://127.0.0.1:${port}/x` } }, change, ctx());
    expect(r).toMatchObject({ ok: false, error: 'request failed: ECONNREFUSED' });
  });
});

describe('runRevertAction: named actions', () => {
  it('github-redeploy creates a deployment of the previous version', async () => {
    const r = await runRevertAction({ action: 'github-redeploy', params: { repo: 'acme/checkout' } }, change, ctx());
    expect(r).toMatchObject({ ok: true, status: 201 });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/repos/acme/checkout/deployments');
    expect(req.headers.authorization).toBe('Bearer ghs_test');
    expect(JSON.parse(req.body)).toEqual({
      ref: '41d02bb',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
      description: 'Revert of ch-7 by alice: errors "spiking"\nafter deploy',
    });
  });

  it('github-redeploy needs a repo and a previous version', async () => {
    expect((await runRevertAction({ action: 'github-redeploy' }, change, ctx())).error).toBe('github-redeploy needs params.repo as owner/name');
    expect((await runRevertAction({ action: 'github-redeploy', params: { repo: 'a/b' } }, makeChange(), ctx())).error).toBe('the change has no previousVersion to redeploy');
  });

  it('runs a configured webhook action and names an unknown one', async () => {
    expect(await runRevertAction({ action: 'rollback' }, change, ctx())).toMatchObject({ ok: true });
    expect(last().url).toBe('/rollback/component%3Adefault%2Fcheckout');
    expect((await runRevertAction({ action: 'nope' }, change, ctx())).error).toBe('no revert action named "nope" is configured (changes.revertActions)');
  });
});

describe('renderTemplate', () => {
  it('leaves text without placeholders alone', () => {
    expect(renderTemplate('plain {not} text', {}, (s) => s)).toEqual({ text: 'plain {not} text' });
  });
});
