// Facts sent to the API are stored exactly as meant, or refused naming the field: an impossible
// date is not rolled over, a time without a zone is not read as the server's local time, and a
// number JSON cannot hold is not stored as null.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { fixtureDir } from '../scorecards/testing.ts';

describeEachEngine('POST /api/v1/facts', ({ db }) => {
  let deps: AppDeps;
  let app: App;
  let editor: Record<string, string>;
  const post = (payload: string) => app.inject({ method: 'POST', url: '/api/v1/facts', headers: { ...editor, 'content-type': 'application/json' }, payload });

  beforeAll(async () => {
    const fx = fixtureDir();
    deps = testDeps(db(), testConfig({ catalog: { sources: fx.sources } }, fx.dir), testClock('2026-11-23T12:00:00Z'));
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
  });
  afterAll(async () => app?.close());

  it('refuses values that would change silently, each naming the field', async () => {
    const fact = (over: string) => `{"entity":"checkout","name":"drill-done","value":true,"observedAt":"2026-11-20T03:00:00Z",${over}}`;
    const feb30 = await post(fact('"observedAt":"2024-02-30T00:00:00Z"'));
    expect(feb30.statusCode).toBe(400);
    expect(feb30.json().error.problems[0]).toMatchObject({ field: 'body.observedAt', message: expect.stringMatching(/not a real date/) });
    const local = await post(fact('"observedAt":"2026-11-20T03:00:00"'));
    expect(local.statusCode).toBe(400);
    expect(local.json().error.problems[0]).toMatchObject({ field: 'body.observedAt', message: expect.stringMatching(/add a zone/) });
    const huge = await post('{"entity":"checkout","name":"pods","value":{"count":1e400},"observedAt":"2026-11-20T03:00:00Z"}');
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.problems[0]).toMatchObject({ field: 'body.value', message: expect.stringMatching(/finite/) });
  });

  it('stores a valid fact with its zone applied', async () => {
    const ok = await post('{"entity":"checkout","name":"drill-done","value":true,"observedAt":"2026-11-20T03:00:00+01:00"}');
    expect(ok.statusCode).toBe(202);
    const row = await db().db.selectFrom('facts').select('observed_at').where('name', '=', 'drill-done').executeTakeFirstOrThrow();
    expect(row.observed_at).toBe('2026-11-20T02:00:00.000Z');
  });
});
