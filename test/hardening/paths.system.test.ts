// Paths from API input never reach the filesystem (issue 19, item 7): an entity written through
// the API with `tally.dev/repo-path: .` and a `git` check written through the API once read
// tally.yaml next to the server (a secret showed up in public evidence). Now the check answers
// an error naming the rule, and no evidence holds the file's text.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../../src/server/testing/app.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';
import type { App } from '../../src/server/platform/http/app.ts';
import { generatedCatalog } from './fixtures.ts';

describeEachEngine('repository paths from the API', ({ db }) => {
  const org = generatedCatalog(1);
  let app: App;
  let editor: Record<string, string>;

  beforeAll(async () => {
    writeFileSync(join(org.dir, 'tally.yaml'), 'notifications:\n  token: SECRET-do-not-leak\n');
    const deps = testDeps(db(), testConfig({ catalog: { sources: org.sources } }, org.dir), testClock());
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
    expect((await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor })).statusCode).toBe(200);
  });
  afterAll(async () => app?.close());

  it('refuses to read a file for an API entity, and leaks nothing', async () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'intruder', annotations: { 'tally.dev/repo-path': '.' } },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    };
    expect((await app.inject({ method: 'PUT', url: '/api/v1/entities', headers: editor, payload: entity })).statusCode).toBeLessThan(300);
    const scorecard = {
      apiVersion: 'tally.dev/v1',
      kind: 'Scorecard',
      metadata: { name: 'peek' },
      spec: { appliesTo: { kind: 'Component' }, requirements: [{ id: 'peek', title: 'peek', weight: 1, check: { type: 'git', file: '../tally.yaml', contains: 'SECRET' } }, { id: 'peek2', title: 'peek2', weight: 1, check: { type: 'git', file: 'tally.yaml', contains: 'SECRET' } }] },
    };
    const put = await app.inject({ method: 'PUT', url: '/api/v1/scorecards', headers: editor, payload: { ...scorecard, spec: { ...scorecard.spec, requirements: [scorecard.spec.requirements[1]] } } });
    expect(put.statusCode, put.body).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: editor, payload: { scorecard: 'peek' } })).statusCode).toBe(200);
    const res = await app.inject({ url: '/api/v1/entities/intruder/scores?scorecard=peek' });
    expect(res.body).not.toContain('SECRET');
    expect(res.json().scorecards[0].requirements[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/only for entities from catalog files/) });
    // The `..` in a check's file is refused at the door.
    const up = await app.inject({ method: 'PUT', url: '/api/v1/scorecards', headers: editor, payload: { ...scorecard, metadata: { name: 'peek-up' } } });
    expect(up.statusCode).toBe(400);
  });

  it('refuses an absolute or upward repo-path on an API entity, naming the annotation', async () => {
    for (const bad of ['/etc', '../..']) {
      const res = await app.inject({
        method: 'PUT',
        url: '/api/v1/entities',
        headers: editor,
        payload: { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x', annotations: { 'tally.dev/repo-path': bad } }, spec: { type: 'service', lifecycle: 'production', owner: 'team-a' } },
      });
      expect(res.statusCode, bad).toBe(400);
      expect(JSON.stringify(res.json().error.problems), bad).toMatch(/repo-path/);
    }
  });
});
