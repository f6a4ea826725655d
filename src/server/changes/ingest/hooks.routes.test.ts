import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { changesTestApp, type ChangesTestApp } from '../testing.ts';

const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples') as { name: string; examples: Record<string, any>[] }[];
const example = (name: string, i = 0) => structuredClone(definitions.find((d) => d.name === name)!.examples[i]);
const SECRET = 'gh-test-secret';
const sign = (secret: string, body: string, algo = 'sha256') => createHmac(algo, secret).update(body).digest('hex');

const changesConfig = {
  github: { webhookSecret: SECRET },
  pagerduty: { routingKeys: { R0UTINGKEYCHECKOUT000000000000001: ['checkout', 'payments'] } },
  webhooks: {
    deployer: {
      secret: 'deployer-secret',
      mapping: {
        when: 'body.type == "deploy"',
        entities: '[body.service]',
        kind: '"deploy"',
        summary: '"Deploy " + body.service + " " + body.version',
        version: 'body.version',
        status: 'body.state',
        externalId: 'body.id',
        startedAt: 'body.started',
        eventTime: 'body.at',
      },
    },
    unsigned: { mapping: { entities: '[body.service]', kind: '"config"', summary: 'body.text', startedAt: 'body.at' } },
  },
};

describeEachEngine('change webhooks', ({ db }) => {
  let t: ChangesTestApp;
  const github = (event: string, payload: unknown, signature?: string) => {
    const body = JSON.stringify(payload);
    return t.app.inject({
      method: 'POST',
      url: '/hooks/github',
      headers: { 'content-type': 'application/json', 'x-github-event': event, ...(signature !== undefined ? { 'x-hub-signature-256': signature } : { 'x-hub-signature-256': `sha256=${sign(SECRET, body)}` }) },
      payload: body,
    });
  };
  const all = async (qs = '') => (await t.app.inject({ url: `/api/v1/changes?limit=500&${qs}` })).json().items as Record<string, any>[];

  beforeAll(async () => {
    t = await changesTestApp(db(), { changes: changesConfig });
  });
  afterAll(async () => t?.app.close());

  describe('GitHub', () => {
    it('refuses a bad or missing signature with 401 and stores nothing', async () => {
      const payload = example('deployment');
      expect((await github('deployment', payload, `sha256=${sign('wrong', JSON.stringify(payload))}`)).statusCode).toBe(401);
      expect((await github('deployment', payload, '')).statusCode).toBe(401);
      expect(await all('source=github')).toHaveLength(0);
    });

    it('records a deployment mapped through github.com/project-slug, with previousVersion from the last deploy', async () => {
      const prior = { entities: ['hello'], kind: 'deploy', summary: 'older deploy', version: 'aaa111', environment: 'production', startedAt: '2019-05-14T10:00:00Z' };
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/changes', headers: t.editor, payload: prior })).statusCode).toBe(201);
      const res = await github('deployment', example('deployment'));
      expect(res.statusCode).toBe(201);
      const stored = (await t.app.inject({ url: `/api/v1/changes/${res.json().id}` })).json();
      expect(stored).toMatchObject({ entities: ['component:default/hello'], unmapped: false, status: 'in-progress', source: 'github', externalId: 'github:deployment:145988746', previousVersion: 'aaa111', actor: 'Codertocat' });
    });

    it('updates the same change from deployment_status', async () => {
      const res = await github('deployment_status', example('deployment_status'));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ created: false, applied: true });
      const [c] = await all('source=github');
      expect(c).toMatchObject({ status: 'succeeded', finishedAt: '2019-05-15T15:20:55.000Z', previousVersion: 'aaa111' });
    });

    it('keeps the newer state when an older event arrives late', async () => {
      const status = example('deployment_status');
      const deployment = example('deployment');
      status.deployment.id = deployment.deployment.id = 999;
      expect((await github('deployment_status', status)).statusCode).toBe(201);
      const late = await github('deployment', deployment);
      expect(late.json()).toMatchObject({ created: false, applied: false });
      const c = (await all('source=github')).find((x) => x.externalId === 'github:deployment:999')!;
      expect(c.status).toBe('succeeded');
    });

    it('answers ping and ignores other events', async () => {
      expect((await github('ping', { zen: 'Keep it logically awesome.' })).statusCode).toBe(200);
      expect((await github('push', { ref: 'refs/heads/main' })).statusCode).toBe(202);
    });
  });

  describe('PagerDuty change events', () => {
    const enqueue = (body: unknown) => t.app.inject({ method: 'POST', url: '/v2/change/enqueue', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

    it('accepts an event as PagerDuty does, mapping the routing key to entities', async () => {
      const res = await enqueue({
        routing_key: 'R0UTINGKEYCHECKOUT000000000000001',
        payload: { summary: 'Build 4821 deployed', timestamp: '2026-11-23T11:30:00.000+0000', source: 'jenkins', custom_details: { version: '4821' } },
        links: [{ href: 'https://ci.acme.example/4821', text: 'Build' }],
      });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ status: 'success', message: 'Change event processed' });
      const [c] = await all('source=pagerduty');
      expect(c).toMatchObject({ entities: ['component:default/checkout', 'component:default/payments'], version: '4821', unmapped: false, automated: true });
    });

    it('refuses an unknown routing key without a credential (it would forge suspects); keeps it, unmapped, for an editor', async () => {
      const forged = await enqueue({ routing_key: 'UNKNOWNKEY', payload: { summary: 'forged change' } });
      expect(forged.statusCode).toBe(401);
      expect(forged.json().error.message).toMatch(/unknown routing_key/);
      const asEditor = await t.app.inject({ method: 'POST', url: '/v2/change/enqueue', headers: { 'content-type': 'application/json', ...t.editor }, payload: JSON.stringify({ routing_key: 'UNKNOWNKEY', payload: { summary: 'mystery change' } }) });
      expect(asEditor.statusCode).toBe(202);
      expect((await all('source=pagerduty&unmapped=true')).map((c) => c.summary)).toEqual(['mystery change']);
    });

    it('refuses invalid events in PagerDuty\'s shape', async () => {
      const bad = await enqueue({ routing_key: 'x', payload: {} });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ status: 'invalid event', errors: [expect.stringContaining('payload.summary')] });
      const future = await enqueue({ routing_key: 'R0UTINGKEYCHECKOUT000000000000001', payload: { summary: 'later', timestamp: '2027-01-01T00:00:00Z' } });
      expect(future.statusCode).toBe(400);
      expect(future.json().errors[0]).toMatch(/startedAt .*more than 1 day in the future/);
    });
  });

  describe('generic webhooks', () => {
    const deliver = (source: string, body: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: `/hooks/changes/${source}`, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
    const signed = (body: unknown) => deliver('deployer', body, { 'x-tally-signature': `sha256=${sign('deployer-secret', JSON.stringify(body))}` });
    const event = (over: Record<string, unknown>) => ({ type: 'deploy', service: 'tax', version: '2.0', id: 'd-1', started: '2026-11-23T10:00:00Z', state: 'in-progress', at: '2026-11-23T10:00:00Z', ...over });

    it('maps a signed delivery with CEL and orders out-of-order deliveries by event time', async () => {
      expect((await deliver('deployer', event({}), { 'x-tally-signature': 'sha256=00' })).statusCode).toBe(401);
      expect((await signed(event({ state: 'succeeded', at: '2026-11-23T10:05:00Z' }))).statusCode).toBe(201);
      expect((await signed(event({}))).json()).toMatchObject({ applied: false });
      const [c] = await all('source=webhook:deployer');
      expect(c).toMatchObject({ entities: ['component:default/tax'], summary: 'Deploy tax 2.0', status: 'succeeded' });
      expect((await signed({ type: 'heartbeat' })).statusCode).toBe(202);
      const broken = await signed({ type: 'deploy', service: 'tax' });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.problems.map((p: { field: string }) => p.field)).toContain('mapping.summary');
    });

    it('needs an editor token for sources without a secret; unknown sources are 404', async () => {
      const body = { service: 'ledger', text: 'pool size 40', at: '2026-11-23T09:00:00Z' };
      expect((await deliver('unsigned', body)).statusCode).toBe(401);
      expect((await deliver('unsigned', body, t.editor)).statusCode).toBe(201);
      expect((await deliver('nope', body, t.editor)).statusCode).toBe(404);
    });
  });
});
