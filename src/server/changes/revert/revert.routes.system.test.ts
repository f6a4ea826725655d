// The revert button against real HTTP servers on loopback: Tally itself (listening) and a
// receiver standing in for a deployer, which counts the calls it gets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/audit.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { changesTestApp, type ChangesTestApp } from '../testing.ts';

describeEachEngine('revert button', ({ db }) => {
  let t: ChangesTestApp;
  let receiver: Server;
  let hooks: string;
  let tally: string;
  const calls: Record<string, number> = {};
  let failNext = true;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const path = req.url!.split('?')[0];
      calls[path] = (calls[path] ?? 0) + 1;
      req.resume();
      if (path === '/hang') return; // never answers
      if (path === '/flaky' && failNext) {
        failNext = false;
        res.writeHead(503).end('deployer busy');
        return;
      }
      setTimeout(() => res.writeHead(202, { 'content-type': 'application/json' }).end('{"rollback":"queued"}'), 150);
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    t = await changesTestApp(db(), { changes: { revertTimeoutSeconds: 1 }, outbound: { allow: ['127.0.0.1'], allowPrivate: false, allowLinkLocal: false } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    tally = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.app.close();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  const record = async (path: string, over: Record<string, unknown> = {}) => {
    const body = { entities: ['checkout'], kind: 'deploy', summary: `deploy for ${path}`, version: 'v2', previousVersion: 'v1', startedAt: '2026-11-23T11:00:00Z', revert: { webhook: { url: `${hooks}${path}`, body: '{"to": "{{change.previousVersion}}"}' } }, ...over };
    const res = await fetch(`${tally}/api/v1/changes`, { method: 'POST', headers: { ...t.editor, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return ((await res.json()) as { id: string }).id;
  };
  const revert = (id: string, body: Record<string, unknown> = { reason: 'errors after deploy' }) =>
    fetch(`${tally}/api/v1/changes/${id}/revert`, { method: 'POST', headers: { ...t.editor, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('runs the action exactly once under 10 concurrent clicks and records a linked revert change', async () => {
    const id = await record('/once');
    const responses = await Promise.all(Array.from({ length: 10 }, () => revert(id)));
    const statuses = responses.map((r) => r.status).sort();
    expect(calls['/once']).toBe(1);
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const ok = (await responses.find((r) => r.status === 201)!.json()) as { revertChangeId: string; result: { status: number; response: string } };
    expect(ok.result).toMatchObject({ status: 202, response: '{"rollback":"queued"}' });
    const revertChange = (await (await fetch(`${tally}/api/v1/changes/${ok.revertChangeId}`)).json()) as Record<string, unknown>;
    expect(revertChange).toMatchObject({ kind: 'revert', revertOf: id, version: 'v1', previousVersion: 'v2', entities: ['component:default/checkout'] });
    expect(revertChange.description).toContain('{"rollback":"queued"}');
    const original = (await (await fetch(`${tally}/api/v1/changes/${id}`)).json()) as { revertAttempt: Record<string, unknown> };
    expect(original.revertAttempt).toMatchObject({ state: 'succeeded', attempts: 1, reason: 'errors after deploy', revertChangeId: ok.revertChangeId });
    const again = await revert(id, { reason: 'once more', retry: true });
    expect(again.status).toBe(409);
    expect(calls['/once']).toBe(1);
    const audit = await listAudit(t.deps.db, { target: `change:${id}` });
    expect(audit.map((a) => a.action)).toEqual(['change.revert']);
  });

  it('requires a reason and an editor', async () => {
    const id = await record('/reasonless');
    expect((await revert(id, {})).status).toBe(400);
    expect((await fetch(`${tally}/api/v1/changes/${id}/revert`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"x"}' })).status).toBe(401);
    expect(calls['/reasonless']).toBeUndefined();
  });

  it('records a failing action as failed and runs it again only on an explicit retry', async () => {
    const id = await record('/flaky');
    const first = await revert(id);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ state: 'failed', result: { ok: false, status: 503, error: 'answered HTTP 503' } });
    const repeat = await revert(id);
    expect(repeat.status).toBe(409);
    expect(((await repeat.json()) as { error: { message: string } }).error.message).toMatch(/failed .*retry/);
    expect(calls['/flaky']).toBe(1);
    const retried = await revert(id, { reason: 'deployer is back', retry: true });
    expect(retried.status).toBe(201);
    expect(calls['/flaky']).toBe(2);
    const original = (await (await fetch(`${tally}/api/v1/changes/${id}`)).json()) as { revertAttempt: Record<string, unknown> };
    expect(original.revertAttempt).toMatchObject({ state: 'succeeded', attempts: 2, reason: 'deployer is back' });
  });

  it('records a hanging action as failed after the timeout', async () => {
    const id = await record('/hang');
    const res = await revert(id);
    expect(await res.json()).toMatchObject({ state: 'failed', result: { ok: false, error: 'no answer within 1000 ms' } });
    const list = (await (await fetch(`${tally}/api/v1/changes?kind=revert&limit=100`)).json()) as { items: { revertOf: string }[] };
    expect(list.items.some((c) => c.revertOf === id)).toBe(false);
  });

  it('refuses URLs the outbound policy forbids, and changes without a revert action', async () => {
    const id = await record('/x', { revert: { webhook: { url: 'http://169.254.169.254/latest/meta-data' } } });
    expect(await (await revert(id)).json()).toMatchObject({ state: 'failed', result: { error: expect.stringMatching(/refused by the outbound policy/) } });
    const plain = await record('/y', { revert: undefined });
    expect((await revert(plain)).status).toBe(409);
  });
});
