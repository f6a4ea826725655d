import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';

const component = (name: string, extra: Record<string, unknown> = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, annotations: { tally.dev/tier: "1" } }
spec: { type: service, lifecycle: production, owner: team-a, system: shop, dependsOn: [${(extra.dependsOn as string[] | undefined)?.join(', ') ?? ''}] }
`;
const team = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
`;

describeEachEngine('catalog API', ({ db }) => {
  let dir: string;
  let deps: AppDeps;
  let app: App;
  const write = (text: string) => writeFileSync(join(dir, 'catalog.yaml'), text);
  const refresh = async (auth: Record<string, string>) => app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: auth });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-catalog-'));
    write(team + component('checkout', { dependsOn: ['component:cart'] }) + component('cart'));
    deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml'] } }, dir));
    app = await testApp(deps);
  });
  afterAll(async () => app?.close());

  it('refuses a refresh without an editor token', async () => {
    expect((await refresh({})).statusCode).toBe(401);
    const viewer = await authHeader(deps, 'viewer');
    const res = await refresh(viewer);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/editor role/);
  });

  it('imports a source and serves entities with filters, pagination and relations', async () => {
    const res = await refresh(await authHeader(deps, 'editor'));
    expect(res.statusCode).toBe(200);
    expect(res.json().sources[0]).toMatchObject({ status: 'ok', added: 3 });

    const byOwner = (await app.inject({ url: '/api/v1/entities?owner=team-a&limit=1' })).json();
    expect(byOwner.items.map((i: { ref: string }) => i.ref)).toEqual(['component:default/cart']);
    const next = (await app.inject({ url: `/api/v1/entities?owner=team-a&limit=1&cursor=${byOwner.nextCursor}` })).json();
    expect(next.items.map((i: { ref: string }) => i.ref)).toEqual(['component:default/checkout']);
    expect(next.nextCursor).toBeNull();

    const one = (await app.inject({ url: '/api/v1/entities/checkout' })).json();
    expect(one.ref).toBe('component:default/checkout');
    expect(one.relations).toEqual(expect.arrayContaining([
      { type: 'dependsOn', target: 'component:default/cart' },
      { type: 'ownedBy', target: 'group:default/team-a' },
    ]));
    const group = (await app.inject({ url: '/api/v1/entities/group:team-a' })).json();
    expect(group.relations).toEqual(expect.arrayContaining([{ type: 'ownerOf', target: 'component:default/checkout' }]));
  });

  it('is idempotent and removes entities that left the source', async () => {
    const editor = await authHeader(deps, 'editor');
    expect((await refresh(editor)).json().sources[0]).toMatchObject({ status: 'ok', added: 0, updated: 0, unchanged: 3 });
    write(team + component('checkout'));
    expect((await refresh(editor)).json().sources[0]).toMatchObject({ status: 'ok', removed: 1, updated: 1 });
    expect((await app.inject({ url: '/api/v1/entities/cart' })).statusCode).toBe(404);
    const group = (await app.inject({ url: '/api/v1/entities/group:team-a' })).json();
    expect(group.relations.filter((r: { target: string }) => r.target.includes('cart'))).toEqual([]);
  });

  it('keeps the last good catalog when a source turns bad, and shows the problem on /status', async () => {
    const editor = await authHeader(deps, 'editor');
    write(team + component('checkout') + component('Bad Name!'));
    expect((await refresh(editor)).json().sources[0].status).toBe('failed');
    expect((await app.inject({ url: '/api/v1/entities/checkout' })).statusCode).toBe(200);
    const status = (await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json();
    expect(status.imports[0].status).toBe('failed');
    expect(status.imports[0].problems.some((p: { field: string }) => p.field === 'metadata.name')).toBe(true);
    const html = await app.inject({ url: '/status' });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('metadata.name');
  });

  it('upserts and deletes API-managed entities with an editor token, audited', async () => {
    const editor = await authHeader(deps, 'editor');
    const body = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'adhoc' }, spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' } };
    const created = await app.inject({ method: 'PUT', url: '/api/v1/entities', headers: editor, payload: body });
    expect(created.statusCode).toBe(201);
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/entities', headers: editor, payload: { ...body, spec: { type: 'service' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { field: string }) => p.field)).toEqual(expect.arrayContaining(['spec.lifecycle', 'spec.owner']));
    const fileManaged = await app.inject({ method: 'DELETE', url: '/api/v1/entities/checkout', headers: editor });
    expect(fileManaged.statusCode).toBe(409);
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/entities/adhoc', headers: editor })).statusCode).toBe(204);
    const audit = await deps.db.selectFrom('audit_log').select(['action', 'target']).where('target', '=', 'component:default/adhoc').orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['entity.create', 'entity.delete']);
  });

  it('explains bad query parameters by name', async () => {
    const res = await app.inject({ url: '/api/v1/entities?limit=9999' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems[0].field).toBe('querystring.limit');
  });

  it('answers readiness, OpenAPI and metrics', async () => {
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ ready: true });
    const openapi = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/entities', '/api/v1/graph/cycles']));
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('tally_http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('tally_catalog_entities{kind="component"}');
  });
});
