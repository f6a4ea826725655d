// Issue 12 item 12: the demo starts with 120 days of grade history, written through the
// history tables by the evaluation's own steps — a plausible story (improvements, regressions,
// one rubric change), the same on every first start and on both engines, and seeded only once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, testClock, testDeps } from '../testing/app.ts';
import { describeEachEngine, openTestDb, type TestDb } from '../testing/db.ts';
import { testHost } from '../testing/host.ts';
import { listeningConfig } from '../platform/config.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { seedDemoHistory } from './history.ts';
import { prepareDemo } from './prepare.ts';
import { ACME, freePort, injectFetch } from './testing.ts';

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

/**
 * The demo as `tally serve` prepares it, on `db`. Its status pages are probed in process
 * (injectFetch): a loaded test machine must not turn a page's answer into "too slow".
 */
async function startDemo(db: TestDb): Promise<{ deps: AppDeps; app: App }> {
  const config = listeningConfig(testHost.loadConfig(`${ACME}/tally.yaml`, {}), { host: '127.0.0.1', port: await freePort() });
  const deps = testDeps(db, config, testClock(NOW.toISOString()));
  const app = await testApp(deps);
  // The evaluation takes its fetch from its deps (RunDeps.fetch); AppDeps has none, so add it.
  await prepareDemo(Object.assign(deps, { fetch: injectFetch(app) }), testHost);
  return { deps, app };
}

/** The grade history without messages (probe latencies differ run to run): entity, interval, grade, score, version. */
async function gradeHistory(app: App): Promise<string[]> {
  const out: string[] = [];
  for (const name of await serviceNames(app)) {
    const h = (await app.inject({ url: `/api/v1/entities/${name}/history?scorecard=production-readiness` })).json();
    for (const g of h.grades) out.push(`${name} ${g.from} ${g.to} ${g.grade} ${g.score} ${g.version}`);
  }
  return out.sort();
}

/**
 * The story in the requirement history: every requirement's state intervals, but the status
 * page's — its probe is measured, not told (a loaded machine can make a page answer late).
 */
async function storyOf(app: App): Promise<string[]> {
  const out: string[] = [];
  for (const name of await serviceNames(app)) {
    const h = (await app.inject({ url: `/api/v1/entities/${name}/history?scorecard=production-readiness` })).json();
    for (const r of h.requirementChanges) if (r.requirement !== 'status-endpoint') out.push(`${name} ${r.requirement} ${r.state} ${r.from} ${r.version}`);
  }
  return out.sort();
}

async function serviceNames(app: App): Promise<string[]> {
  return (await app.inject({ url: '/api/v1/leaderboard' })).json().services.map((s: { name: string }) => s.name);
}

describeEachEngine('the demo history', ({ db }) => {
  let app: App;
  let deps: AppDeps;
  const get = async (url: string) => (await app.inject({ url })).json();
  const why = (name: string, from: number, to: number) => get(`/api/v1/entities/${name}/why?scorecard=production-readiness&from=${daysAgo(from)}&to=${daysAgo(to)}`);

  beforeAll(async () => {
    ({ deps, app } = await startDemo(db()));
  }, 120_000);
  afterAll(async () => app?.close());

  it('reaches back 120 days for every service, and the first evaluation follows it', async () => {
    const board = await get('/api/v1/leaderboard');
    expect(board.distribution['A+']).toBeGreaterThan(0);
    for (const s of board.services) {
      const h = await get(`/api/v1/entities/${s.name}/history?scorecard=production-readiness`);
      expect(h.grades[0].from, s.name).toBe(daysAgo(120));
    }
    expect(board.services.every((s: { trend30d: number | null }) => s.trend30d !== null)).toBe(true);
    const status = async (name: string) => (await get(`/api/v1/entities/${name}/scores`)).scorecards.find((s: { scorecard: string }) => s.scorecard === 'production-readiness').requirements.find((r: { id: string }) => r.id === 'status-endpoint').state;
    expect([await status('checkout'), await status('search'), await status('recommendations')]).toEqual(['pass', 'warn', 'fail']);
    expect((await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json().firstEvaluationDone).toBe(true);
  });

  it('grades capacity from the demo usage seeded before the first evaluation: backup storage full within its lead time', async () => {
    const capacity = async (name: string) => (await get(`/api/v1/entities/${name}/scores`)).scorecards.find((s: { scorecard: string }) => s.scorecard === 'production-readiness').requirements.find((r: { id: string }) => r.id === 'capacity');
    expect(await capacity('reconciliation')).toMatchObject({ state: 'fail', message: expect.stringMatching(/^Backup storage is full at worst on \d{4}-\d{2}-\d{2}, within its 60-day lead time \+ 7-day margin$/) });
    expect(await capacity('image-resizer')).toMatchObject({ state: 'pass' });
    expect(await capacity('checkout')).toMatchObject({ state: 'n/a' });
  });

  it('tells "the rubric changed" from "the service changed"', async () => {
    const rubric = await why('promotions', 61, 59);
    expect(rubric).toMatchObject({ rubricChanged: true, serviceChanges: [] });
    expect(rubric.rubricChanges.map((c: { requirement: string; change: string }) => `${c.requirement} ${c.change}`)).toEqual(['oncall-rotation weight', 'bus-factor added']);
    expect(await why('checkout', 22, 20)).toMatchObject({ rubricChanged: false, serviceChanges: [{ requirement: 'dependency-rules', before: 'pass', after: 'fail' }] });
    expect(await why('pricing', 28, 26)).toMatchObject({ serviceChanges: [{ requirement: 'no-dependency-cycles', before: 'pass', after: 'fail' }] });
    // Facts age on their own: inventory's 45-day-old restore went stale 15 days ago.
    expect(await why('inventory', 16, 14)).toMatchObject({ serviceChanges: [{ requirement: 'backups-restored', before: 'pass', after: 'stale' }] });
  });

  it('shows who improved and who regressed over the last 30 days', async () => {
    const improved = await get('/api/v1/leaderboard/most-improved');
    expect(improved.teams[0]).toMatchObject({ name: 'team-checkout', from: { grade: 'B' }, to: { grade: 'A' } });
    const byName = new Map(improved.services.map((s: { name: string }) => [s.name, s]));
    expect(byName.get('admin-console')).toMatchObject({ from: { grade: 'F' }, to: { grade: 'D' } });
    expect(byName.get('audit-log')).toMatchObject({ from: { grade: 'A' }, to: { grade: 'C' } });
  });

  it('charts the company and team distributions from the first day', async () => {
    const company = await get('/api/v1/leaderboard/distribution-history?step=1d');
    expect(company.points).toHaveLength(91);
    const sum = (d: Record<string, number>) => Object.values(d).reduce((a, b) => a + b, 0);
    expect(company.points.every((p: { distribution: Record<string, number> }) => sum(p.distribution) === company.services && p.distribution.none === 0)).toBe(true);
    const team = await get(`/api/v1/leaderboard/distribution-history?team=team-checkout&from=${daysAgo(120)}`);
    expect(team.points[0].grade).toBe('B');
    expect(team.points.at(-1).grade).toBe('A');
  });

  it('is seeded once: a restart writes nothing', async () => {
    const before = await gradeHistory(app);
    expect(await seedDemoHistory(deps, testHost.grading)).toEqual({ 'production-readiness': { seeded: false, instants: 0, gradeChanges: 0, versions: [] } });
    expect(await gradeHistory(app)).toEqual(before);
  });

  it('is the same story on every first start (a fresh SQLite database, the same clock)', async () => {
    const other = await openTestDb('sqlite');
    const second = await startDemo(other);
    try {
      expect(await storyOf(second.app)).toEqual(await storyOf(app));
    } finally {
      await second.app.close();
      await other.drop();
    }
  }, 120_000);
});
