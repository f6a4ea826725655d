import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { DEMO_POLICY_YAML, demoDocument } from './testing.ts';
import { SERVICE_YAML, TEAM_YAML } from '../catalog/testing.ts';
import { insertGrade, insertResult, insertScorecard } from '../scorecards/testing.ts';

const SUNDAY_3AM_AMSTERDAM = '2026-11-29T03:00:00+01:00';

describeEachEngine('policies API', ({ db }) => {
  let dir: string;
  let deps: AppDeps;
  let app: App;
  let editor: { authorization: string };
  const clock = testClock('2026-11-29T02:00:00Z');
  const refresh = () => app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
  let pipeline: { authorization: string };
  // A pipeline asks with a token: that makes a logged decision (anonymous calls are previews).
  const decide = (ref: string, at = SUNDAY_3AM_AMSTERDAM) => app.inject({ url: `/api/v1/entities/${ref}/deploy-decision?at=${encodeURIComponent(at)}`, headers: pipeline });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-policies-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-a') + TEAM_YAML('team-b') + SERVICE_YAML('alpha', 'team-a') + SERVICE_YAML('delta', 'team-b') + SERVICE_YAML('fox', 'team-b') + SERVICE_YAML('new', 'team-a'));
    writeFileSync(join(dir, 'policy.yaml'), DEMO_POLICY_YAML);
    deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml', './policy.yaml'] } }, dir), clock);
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
    pipeline = await authHeader(deps, 'viewer');
    const d = db().db;
    await insertGrade(d, { entity: 'component:default/alpha', score: 93, grade: 'A', from: '2026-11-01T00:00:00.000Z' });
    await insertGrade(d, { entity: 'component:default/delta', score: 61, grade: 'D', from: '2026-11-01T00:00:00.000Z' });
    await insertGrade(d, { entity: 'component:default/fox', score: 40, grade: 'F', from: '2026-11-01T00:00:00.000Z' });
    await insertScorecard(d, 'production-readiness', [{ id: 'owner', weight: 10, gate: 'D' }, { id: 'runbook', weight: 20 }, { id: 'backups', weight: 30 }, { id: 'slo', weight: 40 }]);
    for (const [req, state] of [['owner', 'pass'], ['runbook', 'fail'], ['backups', 'fail'], ['slo', 'pass']]) {
      await insertResult(d, { entity: 'component:default/fox', requirement: req, state, from: '2026-11-01T00:00:00.000Z' });
    }
  });
  afterAll(async () => app?.close());

  it('loads the policy from the sources and lists it', async () => {
    expect((await refresh()).statusCode).toBe(200);
    const body = (await app.inject({ url: '/api/v1/policies' })).json();
    expect(body.policies).toMatchObject([{ name: 'deploy-by-grade', scorecard: 'production-readiness', timeZone: 'Europe/Amsterdam', source: 'sources' }]);
    expect(body.lastLoad).toMatchObject({ status: 'ok', problems: [] });
  });

  it('allows an A service at 03:00 on a Sunday and refuses a D service, naming the next window', async () => {
    const a = (await decide('alpha')).json();
    expect(a).toMatchObject({ allowed: true, grade: 'A', policy: 'deploy-by-grade', nextWindowStart: null });
    const d = (await decide('delta')).json();
    expect(d).toMatchObject({ allowed: false, grade: 'D', nextWindowStart: '2026-12-01T09:00:00.000Z' });
    expect(d.reason).toMatch(/Tue 2026-12-01 10:00/);
    const f = (await decide('fox')).json();
    expect(f).toMatchObject({ allowed: false, grade: 'F', nextWindowStart: null, rule: 'grade F: never' });
    const ungraded = (await decide('new', '2026-12-01T11:00:00+01:00')).json();
    expect(ungraded).toMatchObject({ allowed: true, grade: null, rule: expect.stringMatching(/^ungraded as D/) });
  });

  it('answers 404 for an unknown entity and 400 for a bad time', async () => {
    expect((await decide('nobody')).statusCode).toBe(404);
    const bad = await decide('alpha', 'yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/at/);
  });

  it('keeps the previous policies when a refresh brings a bad set, and shows why', async () => {
    writeFileSync(join(dir, 'policy.yaml'), `${DEMO_POLICY_YAML}---\n${DEMO_POLICY_YAML.replace('name: deploy-by-grade', 'name: second')}`);
    await refresh();
    const body = (await app.inject({ url: '/api/v1/policies' })).json();
    expect(body.policies.map((p: { name: string }) => p.name)).toEqual(['deploy-by-grade']);
    expect(body.lastLoad.status).toBe('failed');
    expect(body.lastLoad.problems[0].message).toMatch(/both apply to scorecard production-readiness/);
    expect((await decide('alpha')).json().allowed).toBe(true);
    writeFileSync(join(dir, 'policy.yaml'), DEMO_POLICY_YAML.replace('Europe/Amsterdam', 'Europe/Atlantis'));
    await refresh();
    const again = (await app.inject({ url: '/api/v1/policies' })).json();
    expect(again.lastLoad.problems[0]).toMatchObject({ field: 'spec.timeZone', file: expect.stringMatching(/policy\.yaml$/) });
    expect(again.policies[0].timeZone).toBe('Europe/Amsterdam');
    writeFileSync(join(dir, 'policy.yaml'), DEMO_POLICY_YAML);
    await refresh();
  });

  it('refuses a second policy on the same scorecard through the API', async () => {
    // A valid document: only the one-policy-per-scorecard rule can refuse it.
    const doc = { ...demoDocument(), metadata: { name: 'other' } };
    const res = await app.inject({ method: 'PUT', url: '/api/v1/policies', headers: editor, payload: doc });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toMatch(/both apply to scorecard production-readiness/);
    expect((await app.inject({ method: 'PUT', url: '/api/v1/policies', payload: doc })).statusCode).toBe(401);
  });

  it('break-glass: editor only, with a reason and a bounded expiry; audited, used and reported', async () => {
    const url = '/api/v1/entities/delta/deploy-overrides';
    expect((await app.inject({ method: 'POST', url, headers: await authHeader(deps, 'viewer'), payload: { reason: 'incident fix' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, headers: editor, payload: {} })).statusCode).toBe(400);
    const tooLong = await app.inject({ method: 'POST', url, headers: editor, payload: { reason: 'incident fix', expiresAt: '2026-12-05T00:00:00Z' } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toMatch(/24 h/);
    const created = await app.inject({ method: 'POST', url, headers: editor, payload: { reason: 'hotfix for INC-42' } });
    expect(created.statusCode).toBe(201);
    const d = (await decide('delta', '2026-11-29T02:30:00Z')).json();
    expect(d).toMatchObject({ allowed: true, rule: 'break-glass override' });
    expect(d.reason).toMatch(/hotfix for INC-42/);
    const audit = await db().db.selectFrom('audit_log').selectAll().where('action', '=', 'deploy.override').execute();
    expect(audit).toHaveLength(1);
    // A page showing the window previews the decision: same answer, neither logged nor counted as a use.
    const preview = await app.inject({ url: `/api/v1/entities/delta/deploy-decision?at=${encodeURIComponent('2026-11-29T02:40:00Z')}&preview=true`, headers: pipeline });
    expect(preview.json()).toMatchObject({ allowed: true, rule: 'break-glass override', logged: false });
    // Anonymous callers cannot write to the log (or the report): their decisions are previews.
    const before = (await app.inject({ url: '/api/v1/reports/deploys?from=2026-11-28T00:00:00Z&to=2026-11-30T00:00:00Z' })).json().totals.decisions;
    for (let i = 0; i < 20; i++) expect((await app.inject({ url: '/api/v1/entities/delta/deploy-decision' })).json()).toMatchObject({ logged: false });
    expect((await app.inject({ url: '/api/v1/reports/deploys?from=2026-11-28T00:00:00Z&to=2026-11-30T00:00:00Z' })).json().totals.decisions).toBe(before);
    const report = (await app.inject({ url: '/api/v1/reports/deploys?from=2026-11-28T00:00:00Z&to=2026-11-30T00:00:00Z' })).json();
    expect(report.totals).toMatchObject({ breakGlass: 1, overridesCreated: 1 });
    expect(report.totals.decisions).toBeGreaterThanOrEqual(5);
    expect(report.teams.find((t: { team: string }) => t.team === 'group:default/team-b')).toMatchObject({ breakGlass: 1 });
    expect(report.services.find((s: { ref: string }) => s.ref === 'component:default/delta')).toMatchObject({ breakGlass: 1 });
  });

  it('gives build priority and support by grade, with what to fix to regain support', async () => {
    expect((await app.inject({ url: '/api/v1/entities/alpha/build-priority' })).json()).toMatchObject({ priority: 90, grade: 'A' });
    expect((await app.inject({ url: '/api/v1/entities/fox/build-priority' })).json()).toMatchObject({ priority: 0, grade: 'F' });
    const support = (await app.inject({ url: '/api/v1/entities/fox/support' })).json();
    expect(support).toMatchObject({ level: 'none', target: 'D' });
    // score 50 (owner 10 + slo 40 of 100): backups (+30) alone reaches D's 60.
    expect(support.toRegain).toEqual([{ requirement: 'backups', title: 'Requirement backups', points: 30 }]);
  });

  it('reports the teams that own F services with their costliest failing requirements', async () => {
    const body = (await app.inject({ url: '/api/v1/reports/f-teams' })).json();
    expect(body.scorecard).toBe('production-readiness');
    expect(body.teams).toEqual([
      { team: 'group:default/team-b', fServices: 1, services: [{ ref: 'component:default/fox', name: 'fox', score: 40, costliest: [
        { requirement: 'backups', title: 'Requirement backups', points: 30, state: 'fail' },
        { requirement: 'runbook', title: 'Requirement runbook', points: 20, state: 'fail' },
      ] }] },
    ]);
  });
});
