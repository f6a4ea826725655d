// The OpenAPI document describes every answer: each /api/v1 route declares the shape of its
// success response (schema.response), so API clients and the web UI (src/common/api) share one
// contract. src/server/testing/response-guard.ts checks, in every HTTP test, that the shapes hold.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, testDeps } from './testing/app.ts';
import { describeEachEngine } from './testing/db.ts';
import type { App } from './platform/http/app.ts';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describeEachEngine('OpenAPI document', ({ db, engine }) => {
  let app: App;
  beforeAll(async () => {
    app = await testApp(testDeps(db()));
  });
  afterAll(async () => app?.close());

  it('gives every /api/v1 route a 2xx response schema', async ({ skip }) => {
    if (engine !== 'sqlite') skip(); // the document does not depend on the engine
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(45);
    const missing = operations.filter(({ op }) => {
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      // A 204 has no body; every other success names its content's schema.
      return success.length === 0 || success.some(([status, r]) => status !== '204' && !Object.values(r.content ?? {}).some((c) => c.schema));
    });
    expect(missing.map((m) => m.route)).toEqual([]);
  });
});
