// Issue 12 item 12: team and company grade distribution over time, from the grade intervals.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { SERVICE_YAML, TEAM_YAML } from '../catalog/testing.ts';
import type { App } from '../platform/http/app.ts';
import { insertHistory, insertScorecard } from '../scorecards/testing.ts';
import { instantsBetween } from './distribution-history.ts';

const C = 'component:default/';
const DAY = 86_400_000;

describe('instantsBetween', () => {
  it('ends at `to` and steps back to `from`, oldest first', () => {
    const at = (s: string) => new Date(s);
    expect(instantsBetween(at('2026-11-01T00:00:00Z'), at('2026-11-03T00:00:00Z'), DAY).map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(instantsBetween(at('2026-11-01T00:00:00Z'), at('2026-11-02T12:00:00Z'), DAY).map((d) => d.toISOString())).toEqual(['2026-11-01T12:00:00.000Z', '2026-11-02T12:00:00.000Z']);
    expect(() => instantsBetween(at('2026-11-02T00:00:00Z'), at('2026-11-01T00:00:00Z'), DAY)).toThrow(/before/);
    expect(() => instantsBetween(at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 3_600_000)).toThrow(/at most 1000/);
  });
});

describeEachEngine('GET /api/v1/leaderboard/distribution-history', ({ db }) => {
  let app: App;
  const get = async (q: string) => app.inject({ url: `/api/v1/leaderboard/distribution-history?${q}` });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-distribution-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-a') + TEAM_YAML('team-b') + SERVICE_YAML('alpha', 'team-a', { tier: 1 }) + SERVICE_YAML('beta', 'team-a', { tier: 3 }) + SERVICE_YAML('gamma', 'team-b', { tier: 2 }));
    const deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml'] } }, dir), testClock('2026-11-23T12:00:00Z'));
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
    const d = db().db;
    await insertScorecard(d, 'production-readiness', [{ id: 'runbook', weight: 10 }]);
    // alpha: C from Nov 1, A from Nov 10. beta: B from Nov 1 until Nov 5, no grade after (it left the scorecard).
    // gamma: D from Nov 3, F from Nov 8.
    await insertHistory(d, `${C}alpha`, [['2026-11-01T00:00:00.000Z', 70, 'C'], ['2026-11-10T00:00:00.000Z', 92, 'A']]);
    await insertHistory(d, `${C}beta`, [['2026-11-01T00:00:00.000Z', 85, 'B'], ['2026-11-05T00:00:00.000Z', null, null]]);
    await insertHistory(d, `${C}gamma`, [['2026-11-03T00:00:00.000Z', 60, 'D'], ['2026-11-08T00:00:00.000Z', 40, 'F']]);
  });
  afterAll(async () => app?.close());

  it('counts each grade at each step, from the interval containing that instant', async () => {
    const res = await get('from=2026-10-31T12:00:00Z&to=2026-11-12T12:00:00Z&step=4d');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ scorecard: 'production-readiness', scope: { team: null, system: null, tier: null }, services: 3, stepMs: 4 * DAY });
    const rows = body.points.map((p: { at: string; distribution: Record<string, number>; score: number | null; grade: string | null }) => [p.at.slice(0, 10), p.distribution, p.score, p.grade]);
    const none = { 'A+': 0, A: 0, B: 0, C: 0, D: 0, F: 0 };
    expect(rows).toEqual([
      ['2026-10-31', { ...none, none: 3 }, null, null],
      ['2026-11-04', { ...none, B: 1, C: 1, D: 1, none: 0 }, 69.17, 'D'], // (3×70 + 1×85 + 2×60) / 6, tier-weighted
      ['2026-11-08', { ...none, C: 1, F: 1, none: 1 }, 58, 'F'], // beta is ungraded from Nov 5: (3×70 + 2×40) / 5
      ['2026-11-12', { ...none, A: 1, F: 1, none: 1 }, 71.2, 'C'], // (3×92 + 2×40) / 5
    ]);
  });

  it("scopes to a team's services, with the team score", async () => {
    const body = (await get('team=team-a&from=2026-11-09T00:00:00Z&to=2026-11-11T00:00:00Z&step=1d')).json();
    expect(body.scope.team).toBe('group:default/team-a');
    expect(body.services).toBe(2);
    expect(body.points.map((p: { distribution: Record<string, number>; score: number | null }) => [p.distribution.A, p.distribution.C, p.distribution.none, p.score])).toEqual([
      [0, 1, 1, 70],
      [1, 0, 1, 92],
      [1, 0, 1, 92],
    ]);
  });

  it('answers 400 naming the field for a bad step or range', async () => {
    expect((await get('step=soon')).json().error.problems[0]).toMatchObject({ field: 'querystring.step' });
    expect((await get('from=2026-11-05T00:00:00Z&to=2026-11-01T00:00:00Z')).json().error.problems[0]).toMatchObject({ field: 'querystring.from' });
    expect((await get('from=2000-01-01T00:00:00Z&step=1h')).statusCode).toBe(400);
  });
});
