// Issue 12 item 14 (server half): the report card's dependencies agree with the graph. On the
// demo catalog, checkout is needed by storefront-bff and mobile-bff through checkout-api, and
// the API and the `graph` context provider (what CEL sees) give the same lists.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { graphContext } from './context.ts';

const ACME = resolve(import.meta.dirname, '../../../examples/acme');
const C = 'component:default/';

describeEachEngine('GET /api/v1/entities/:ref/dependencies', ({ db }) => {
  let deps: AppDeps;
  let app: App;
  beforeAll(async () => {
    deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog/all.yaml'] } }, ACME), testClock());
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
  });
  afterAll(async () => app?.close());

  it('lists consumers of the APIs an entity provides as its dependents, with the API', async () => {
    const res = await app.inject({ url: '/api/v1/entities/checkout/dependencies' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.entity).toBe(`${C}checkout`);
    const needers = body.dependents.filter((d: { via: string }) => d.via === 'consumesApi');
    expect(needers.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['mobile-bff', 'storefront-bff']));
    expect(needers.find((d: { name: string }) => d.name === 'mobile-bff')).toMatchObject({ ref: `${C}mobile-bff`, kind: 'Component', apis: ['api:default/checkout-api'] });
    expect(body.dependencies.map((d: { name: string }) => d.name)).toContain('recommendations');
  });

  it('agrees with graph.dependencies and graph.dependents, for every component', async () => {
    const catalog = await catalogSnapshot(deps.db);
    const facts = await graphContext.load({ db: deps.db, config: deps.config, now: deps.clock() }, catalog, undefined);
    const strip = (list: { ref: string; via: string; apis?: string[] }[]) => list.map(({ ref, via, apis }) => ({ ref, via, ...(apis ? { apis } : {}) }));
    for (const e of catalog.entities.filter((x) => x.kind === 'component')) {
      const body = (await app.inject({ url: `/api/v1/entities/${encodeURIComponent(e.ref)}/dependencies` })).json();
      const f = facts.get(e.ref);
      expect(strip(body.dependencies)).toEqual(f?.dependencies ?? []);
      expect(strip(body.dependents)).toEqual(f?.dependents ?? []);
    }
  });

  it('answers 404 for an entity the graph does not hold', async () => {
    const res = await app.inject({ url: '/api/v1/entities/nope/dependencies' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('component:default/nope');
  });
});
