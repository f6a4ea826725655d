// spec.denyWhileFailing: a Policy denies deploys of a service while one of the named requirements
// of its scorecard fails — e.g. the `slo` check's budgetRemaining — with the result's message in
// the decision's reason; passing or erroring requirements do not deny, and break-glass still works.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { SERVICE_YAML, TEAM_YAML } from '../catalog/testing.ts';
import type { App } from '../platform/http/app.ts';
import { insertGrade, insertResult, insertScorecard } from '../scorecards/testing.ts';
import { DEMO_POLICY_YAML } from './testing.ts';

describeEachEngine('policies: deny deploys while a requirement fails', ({ db }) => {
  let app: App;
  let editor: { authorization: string };
  const decide = (ref: string) => app.inject({ url: `/api/v1/entities/${ref}/deploy-decision?at=${encodeURIComponent('2026-11-26T12:00:00+01:00')}`, headers: editor });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-deny-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-a') + SERVICE_YAML('spent', 'team-a') + SERVICE_YAML('healthy', 'team-a') + SERVICE_YAML('unknown', 'team-a'));
    writeFileSync(join(dir, 'policy.yaml'), DEMO_POLICY_YAML.replace('  freezes:', '  denyWhileFailing: [slo-budget]\n  freezes:'));
    const deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml', './policy.yaml'] } }, dir), testClock('2026-11-26T10:00:00Z'));
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
    expect((await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor })).statusCode).toBe(200);
    const d = db().db;
    await insertScorecard(d, 'production-readiness', [{ id: 'slo-budget', weight: 10 }]);
    const from = '2026-11-01T00:00:00.000Z';
    for (const name of ['spent', 'healthy', 'unknown']) await insertGrade(d, { entity: `component:default/${name}`, score: 95, grade: 'A', from });
    await insertResult(d, { entity: 'component:default/spent', requirement: 'slo-budget', state: 'fail', message: 'error budget below 0 %: spent-availability -42 %', from });
    await insertResult(d, { entity: 'component:default/healthy', requirement: 'slo-budget', state: 'pass', message: 'fine', from });
    await insertResult(d, { entity: 'component:default/unknown', requirement: 'slo-budget', state: 'error', message: 'could not evaluate', from });
  });
  afterAll(async () => app?.close());

  it('denies a grade-A service whose budget requirement fails, with the reason', async () => {
    const body = (await decide('spent')).json();
    expect(body).toMatchObject({ allowed: false, grade: 'A', rule: 'failing: slo-budget' });
    expect(body.reason).toContain('Policy deploy-by-grade denies deploys while slo-budget fails on scorecard production-readiness: requirement slo-budget fails (error budget below 0 %: spent-availability -42 %)');
  });

  it('allows when the requirement passes or could not be evaluated', async () => {
    expect((await decide('healthy')).json()).toMatchObject({ allowed: true, rule: expect.stringContaining('grade A') });
    expect((await decide('unknown')).json()).toMatchObject({ allowed: true });
  });

  it('a break-glass override lets the fix out', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/entities/spent/deploy-overrides', headers: editor, payload: { reason: 'roll back the bad release' } });
    expect(res.statusCode).toBe(201);
    expect((await decide('spent')).json()).toMatchObject({ allowed: true, rule: 'break-glass override' });
  });
});
