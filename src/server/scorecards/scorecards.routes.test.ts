import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { createHost } from '../host.ts';
import { modules } from '../modules.ts';
import type { CheckType } from '../checks/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { fixtureDir } from './testing.ts';
import { z } from 'zod';

// A check that throws for `cart` only, and one whose collector always throws.
const explode: CheckType<{ type: string }> = {
  type: 'test-explode',
  schema: z.object({ type: z.literal('test-explode') }),
  allowedFromApi: true,
  evaluate: (_c, ctx) => {
    if (ctx.ref.endsWith('/cart')) throw new Error('boom');
    return { state: 'pass', message: 'fine' };
  },
};
const brokenCollector: CheckType<{ type: string }> = {
  type: 'test-broken-collector',
  schema: z.object({ type: z.literal('test-broken-collector') }),
  allowedFromApi: true,
  collect: async () => {
    throw new Error('backend down');
  },
  evaluate: () => ({ state: 'pass', message: 'never' }),
};
// A host with one more (test) module: how a real module adds check types.
const host = createHost([...modules, { name: 'test-checks', checkTypes: [explode, brokenCollector] }]);

const scorecard = (name: string, checks: Record<string, unknown>[]) => ({
  apiVersion: 'tally.dev/v1',
  kind: 'Scorecard',
  metadata: { name },
  spec: { appliesTo: { kind: 'Component' }, requirements: checks.map((check, i) => ({ id: `r${i}`, title: `r${i}`, weight: 1, check })) },
});

describeEachEngine('scorecard and fact inputs', ({ db }) => {
  const fx = fixtureDir();
  let deps: AppDeps;
  let app: App;
  let editor: Record<string, string>;
  const post = (url: string, payload: unknown, headers = editor) => app.inject({ method: 'POST', url, headers, payload: payload as object });

  beforeAll(async () => {
    deps = testDeps(db(), testConfig({ catalog: { sources: fx.sources } }, fx.dir), testClock('2026-11-23T12:00:00Z'), host);
    app = await testApp(deps, host);
    editor = await authHeader(deps, 'editor');
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
  });
  afterAll(async () => app?.close());

  it('refuses command checks from the API, naming the field', async () => {
    const res = await app.inject({ method: 'PUT', url: '/api/v1/scorecards', headers: editor, payload: scorecard('cmd', [{ type: 'command', command: ['/bin/true'] }]) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems[0]).toMatchObject({ field: 'spec.requirements[0].check.type' });
    expect(res.json().error.problems[0].message).toMatch(/only come from files/);
  });

  it('refuses to overwrite a scorecard that a file manages, and needs an editor', async () => {
    expect((await app.inject({ method: 'PUT', url: '/api/v1/scorecards', payload: scorecard('x', [{ type: 'expr', expr: 'true' }]) })).statusCode).toBe(401);
    const res = await app.inject({ method: 'PUT', url: '/api/v1/scorecards', headers: editor, payload: scorecard('prod', [{ type: 'expr', expr: 'true' }]) });
    expect(res.statusCode).toBe(409);
  });

  it('one throwing check or collector never aborts the run: a result per item', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/v1/scorecards', headers: editor, payload: scorecard('fragile', [{ type: 'test-explode' }, { type: 'test-broken-collector' }, { type: 'expr', expr: 'true' }]) });
    expect(put.statusCode).toBe(201);
    const { runs } = (await post('/api/v1/evaluations', { scorecard: 'fragile' })).json();
    expect(runs[0]).toMatchObject({ status: 'ok', entities: 2, errors: 3 });
    const cart = (await app.inject({ url: '/api/v1/entities/cart/scores?scorecard=fragile' })).json().scorecards[0];
    expect(cart.requirements.map((r: { state: string }) => r.state)).toEqual(['error', 'error', 'pass']);
    expect(cart.requirements[0].message).toMatch(/could not evaluate: boom/);
    expect(cart.requirements[1].message).toMatch(/could not collect: backend down/);
    const checkout = (await app.inject({ url: '/api/v1/entities/checkout/scores?scorecard=fragile' })).json().scorecards[0];
    expect(checkout.requirements[0].state).toBe('pass');
  });

  it('evaluates only the entities asked for', async () => {
    const { runs } = (await post('/api/v1/evaluations', { scorecard: 'fragile', entities: ['checkout'] })).json();
    expect(runs[0]).toMatchObject({ entities: 1 });
    expect((await post('/api/v1/evaluations', { scorecard: 'nope' })).statusCode).toBe(404);
  });

  it('facts: unknown entity, future time, too big, bad batch — each a precise error, nothing applied', async () => {
    const fact = { entity: 'checkout', name: 'drill-done', value: true, observedAt: '2026-11-23T11:00:00Z' };
    const unknown = await post('/api/v1/facts', { ...fact, entity: 'ghost' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('component:default/ghost');
    const future = await post('/api/v1/facts', { ...fact, observedAt: '2026-11-24T12:00:00Z' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.problems[0].field).toBe('body.observedAt');
    const big = await post('/api/v1/facts', { ...fact, value: 'x'.repeat(20_000) });
    expect(big.statusCode).toBe(413);
    const batch = await post('/api/v1/facts', { facts: [fact, { ...fact, entity: 'ghost' }] });
    expect(batch.statusCode).toBe(400);
    expect(batch.json().error.problems.map((p: { field: string }) => p.field)).toEqual(['body.facts[1].entity']);
    expect(await deps.db.selectFrom('facts').selectAll().where('name', '=', 'drill-done').execute()).toEqual([]);
    expect((await post('/api/v1/facts', fact, await authHeader(deps, 'viewer'))).statusCode).toBe(403);
    const ok = await post('/api/v1/facts', { facts: [fact, { ...fact, entity: 'cart' }] });
    expect(ok.statusCode).toBe(202);
    expect(ok.json()).toMatchObject({ accepted: 2 });
  });

  it('lists the scorecards in the OpenAPI document', async () => {
    const openapi = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/scorecards', '/api/v1/entities/{ref}/why', '/api/v1/waivers/{id}/approve', '/api/v1/facts', '/api/v1/evaluations']));
  });
});
