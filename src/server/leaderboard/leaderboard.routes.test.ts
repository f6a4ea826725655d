import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { SERVICE_YAML, TEAM_YAML } from '../catalog/testing.ts';
import { insertHistory, insertResult, insertScorecard } from '../scorecards/testing.ts';
import { leaderboardSchema } from '../../common/api/leaderboard.ts';
import { loadBoard } from './leaderboard.ts';

const C = 'component:default/';
// A Group with a display name (Backstage's spec.profile.displayName): the leaderboard shows it.
const TEAM_B_YAML = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-b, title: Ignored when a display name is set }
spec: { type: team, profile: { displayName: Team B }, children: [] }
`;

describeEachEngine('leaderboard, HackDays and badges', ({ db }) => {
  let deps: AppDeps;
  let app: App;
  const clock = testClock('2026-11-23T12:00:00Z');
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-leaderboard-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-a') + TEAM_B_YAML + SERVICE_YAML('alpha', 'team-a', { tier: 1 }) + SERVICE_YAML('beta', 'team-a', { tier: 3 }) + SERVICE_YAML('gamma', 'team-b', { tier: 2 }) + SERVICE_YAML('delta', 'team-b', { tier: 2 }));
    deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml'] } }, dir), clock);
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
    const d = db().db;
    await insertScorecard(d, 'production-readiness', [{ id: 'runbook', weight: 10 }]);
    await insertHistory(d, `${C}alpha`, [['2026-10-01T00:00:00.000Z', 70, 'C'], ['2026-11-20T00:00:00.000Z', 92, 'A']]);
    await insertHistory(d, `${C}beta`, [['2026-10-01T00:00:00.000Z', 85, 'B']]);
    await insertHistory(d, `${C}gamma`, [['2026-10-01T00:00:00.000Z', 60, 'D'], ['2026-11-01T00:00:00.000Z', 92, 'A']]);
    await insertResult(d, { entity: `${C}alpha`, requirement: 'runbook', state: 'fail', from: '2026-10-01T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' });
    await insertResult(d, { entity: `${C}alpha`, requirement: 'runbook', state: 'pass', from: '2026-11-20T00:00:00.000Z' });
  });
  afterAll(async () => app?.close());

  it('ranks services by score, then tier, then name, ungraded last, with lossless trends', async () => {
    const body = (await get('/api/v1/leaderboard')).json();
    expect(body.scorecard).toBe('production-readiness');
    expect(body.services.map((s: { rank: number; name: string; score: number | null; trend7d: number | null; trend30d: number | null }) => [s.rank, s.name, s.score, s.trend7d, s.trend30d])).toEqual([
      [1, 'alpha', 92, 22, 22],
      [2, 'gamma', 92, 0, 32],
      [3, 'beta', 85, 0, 0],
      [4, 'delta', null, null, null],
    ]);
    expect(body.distribution).toEqual({ 'A+': 0, A: 2, B: 1, C: 0, D: 0, F: 0, none: 1 });
    // team-a: (3×92 + 1×85) / 4 = 90.25; team-b: gamma alone (delta is ungraded) = 92.
    expect(body.teams).toEqual([
      { rank: 1, ref: 'group:default/team-b', name: 'team-b', title: 'Team B', score: 92, grade: 'A', services: 2, fServices: 0 },
      { rank: 2, ref: 'group:default/team-a', name: 'team-a', title: null, score: 90.25, grade: 'A', services: 2, fServices: 0 },
    ]);
    expect(body.hackday).toBeNull();
  });

  it('filters by tier, team, grade and text', async () => {
    const names = async (q: string) => (await get(`/api/v1/leaderboard?${q}`)).json().services.map((s: { name: string }) => s.name);
    expect(await names('tier=1')).toEqual(['alpha']);
    expect(await names('team=team-b')).toEqual(['gamma', 'delta']);
    expect(await names('grade=none')).toEqual(['delta']);
    expect(await names('q=alp')).toEqual(['alpha']);
    const byGrade = (await get('/api/v1/leaderboard?grade=B')).json();
    expect(byGrade.distribution.A).toBe(2);
    expect((await get('/api/v1/leaderboard?grade=Z')).statusCode).toBe(400);
  });

  it("keeps each service's rank under any filter; scoped teams are ranked within the scope", async () => {
    const ranks = async (q: string) => (await get(`/api/v1/leaderboard?${q}`)).json().services.map((s: { rank: number; name: string }) => [s.rank, s.name]);
    expect(await ranks('team=team-a')).toEqual([[1, 'alpha'], [3, 'beta']]);
    expect(await ranks('grade=B')).toEqual([[3, 'beta']]);
    expect(await ranks('q=delta')).toEqual([[4, 'delta']]);
    expect(await ranks('limit=1&offset=2')).toEqual([[3, 'beta']]);
    const tier2 = (await get('/api/v1/leaderboard?tier=2')).json();
    expect(tier2.teams.map((t: { rank: number; name: string; title: string | null }) => [t.rank, t.name, t.title])).toEqual([[1, 'team-b', 'Team B']]);
  });

  it('gives the board lines of a few services, by short or full ref', async () => {
    const body = (await get(`/api/v1/leaderboard/services?refs=beta,${C}alpha,component:default/nope`)).json();
    expect(body.services.map((s: { rank: number; name: string; grade: string }) => [s.rank, s.name, s.grade])).toEqual([[1, 'alpha', 'A'], [3, 'beta', 'B']]);
    expect((await get(`/api/v1/leaderboard/services?refs=${Array.from({ length: 201 }, (_, i) => `s${i}`).join(',')}`)).statusCode).toBe(400);
  });

  it('builds a changed board once for requests that arrive together', async () => {
    // An hour later the trends are stale: the cached board is rebuilt, once for both callers.
    const later = new Date(clock().getTime() + 3_600_000);
    const [a, b] = await Promise.all([loadBoard(deps.db, 'production-readiness', later), loadBoard(deps.db, 'production-readiness', later)]);
    expect(a).toBe(b);
    expect(a).not.toBe(await loadBoard(deps.db, 'production-readiness', clock()));
  });

  it('answers 404 for a team that is neither a Group nor an owner', async () => {
    const res = await get('/api/v1/leaderboard?team=nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('no team group:default/nope');
    expect((await get('/api/v1/leaderboard?team=team-a')).statusCode).toBe(200);
  });

  it('sends the cached JSON text exactly in its documented shape', async () => {
    for (const q of ['', '?team=team-b', '?grade=none&limit=1']) {
      const text = (await get(`/api/v1/leaderboard${q}`)).body;
      // parse() strips unknown keys and throws on a wrong or missing one: equal JSON means the text and the schema agree.
      expect(JSON.parse(text)).toEqual(leaderboardSchema.parse(JSON.parse(text)));
    }
  });

  it('shows the most improved over a period: points, requirements fixed, grades gained', async () => {
    const body = (await get('/api/v1/leaderboard/most-improved?from=2026-10-15T00:00:00Z&to=2026-11-23T00:00:00Z')).json();
    expect(body.services.map((s: { name: string; pointsGained: number; requirementsFixed: number; gradesGained: number }) => [s.name, s.pointsGained, s.requirementsFixed, s.gradesGained])).toEqual([
      ['gamma', 32, 0, 3],
      ['alpha', 22, 1, 2],
      ['beta', 0, 0, 0],
    ]);
    expect(body.teams[0]).toMatchObject({ name: 'team-b', pointsGained: 32 });
  });

  it('freezes a finished HackDay on first read; later history edits do not change it', async () => {
    const editor = await authHeader(deps, 'editor');
    const doc = { apiVersion: 'tally.dev/v1', kind: 'HackDay', metadata: { name: 'november' }, spec: { title: 'November HackDay', start: '2026-11-19T08:00:00Z', end: '2026-11-21T18:00:00Z', scope: { teams: ['team-a'] } } };
    const created = await app.inject({ method: 'POST', url: '/api/v1/hackdays', headers: editor, payload: doc });
    expect(created.statusCode).toBe(201);
    const h = (await get('/api/v1/hackdays/november')).json();
    expect(h).toMatchObject({ status: 'finished', frozen: true, title: 'November HackDay' });
    expect(h.results.services.map((s: { name: string; pointsGained: number }) => [s.name, s.pointsGained])).toEqual([['alpha', 22], ['beta', 0]]);
    await db().db.updateTable('grade_closed').set({ score: 75 }).where('entity', '=', `${C}alpha`).where('valid_from', '=', '2026-11-20T00:00:00.000Z').execute();
    expect((await get('/api/v1/hackdays/november')).json().results.services[0]).toMatchObject({ name: 'alpha', pointsGained: 22 });
    await db().db.updateTable('grade_closed').set({ score: 92 }).where('entity', '=', `${C}alpha`).where('valid_from', '=', '2026-11-20T00:00:00.000Z').execute();
    const bad = await app.inject({ method: 'POST', url: '/api/v1/hackdays', headers: editor, payload: { ...doc, spec: { ...doc.spec, end: '2026-11-01T00:00:00Z' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/spec.end/);
    const garbled = await app.inject({ method: 'POST', url: '/api/v1/hackdays', headers: editor, payload: { ...doc, spec: { ...doc.spec, start: 'next tuesday' } } });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().error.message).toMatch(/spec.start: not an ISO-8601 time with a zone/);
  });

  it('shows a running HackDay on the leaderboard with live results', async () => {
    const doc = { apiVersion: 'tally.dev/v1', kind: 'HackDay', metadata: { name: 'live' }, spec: { start: '2026-11-22T00:00:00Z', end: '2026-11-25T00:00:00Z' } };
    await app.inject({ method: 'POST', url: '/api/v1/hackdays', headers: await authHeader(deps, 'editor'), payload: doc });
    expect((await get('/api/v1/leaderboard')).json().hackday).toMatchObject({ name: 'live', endsAt: '2026-11-25T00:00:00.000Z' });
    expect((await get('/api/v1/hackdays/live')).json()).toMatchObject({ status: 'running', frozen: false });
    expect((await get('/api/v1/hackdays')).json().items.map((i: { name: string }) => i.name)).toEqual(['live', 'november']);
  });

  it('serves grade badges with ETag and cache headers; unknown refs get a grey badge and 404', async () => {
    const res = await get('/badges/entities/alpha.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body).toContain('tally: A');
    expect((await get('/badges/entities/alpha.svg', { 'if-none-match': String(res.headers.etag) })).statusCode).toBe(304);
    expect((await get('/badges/entities/delta.svg')).body).toContain('tally: ungraded');
    const unknown = await get('/badges/entities/nobody.svg');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('unknown');
    expect(unknown.body).toContain('#9f9f9f');
    expect((await get('/badges/teams/team-a.svg')).body).toContain('tally: A');
    expect((await get('/badges/teams/nobody.svg')).statusCode).toBe(404);
  });
});
