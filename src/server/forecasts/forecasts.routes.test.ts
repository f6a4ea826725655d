// Resources from the catalog, their uploaded usage, and the forecasts API on both engines: the
// list by time to exhaustion (a disk filling within its lead time flagged), one resource's chart
// data under scenarios, reasons instead of dates, the warning sent once, and the demo's usage.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ResourceForecastDetail, ResourceForecastList } from '../../common/api/forecasts.ts';
import { describeEachEngine } from '../testing/db.ts';
import { deliveriesFrom } from '../notifications/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { capacityCheck } from './check.ts';
import { capacityContext } from './context.ts';
import { demoSeries, seedDemoUsage } from './demo.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { DAY_MS } from './exhaustion.ts';
import { warnExhaustion } from './jobs.ts';
import { dispatchEvents } from '../platform/events/events.ts';
import { countSamples } from './repository.ts';
import { NOW, putSamples, resourceDoc as resource, samplesCsv as csv, forecastsTestApp } from './testing.ts';

const CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: sre }
spec: { type: team, children: [] }
${resource('disk', { 'tally.dev/capacity': '200', 'tally.dev/lead-time': '60d', 'tally.dev/forecast-history': '60d' })}${resource('bucket', { 'tally.dev/capacity': '50', 'tally.dev/lead-time': '30d' })}${resource('gappy', { 'tally.dev/capacity': '1000' })}${resource('zero', { 'tally.dev/capacity': '0' })}${resource('bad', { 'tally.dev/capacity': '10', 'tally.dev/lead-time': 'soon' })}${resource('pushed', { 'tally.dev/capacity': '100', 'tally.dev/usage-fact': 'disk-used' })}---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: plain }
spec: { type: disk, owner: group:sre }
`;

describeEachEngine('forecasts API', ({ db }) => {
  let app: App;
  let deps: AppDeps;
  let editor: { authorization: string };
  const end = Date.parse(NOW);
  beforeAll(async () => {
    ({ app, deps, editor } = await forecastsTestApp(db(), CATALOG, { notifications: { sreWebhook: 'http://127.0.0.1:9/sre' } }));
  });
  afterAll(async () => app?.close());

  const put = (ref: string, body: string) => putSamples(app, editor, ref, body);

  it('stores uploaded usage, refusing bad CSV by line and unknown resources', async () => {
    const disk = demoSeries({ resource: 'x', days: 60, stepMinutes: 60, now: 140, perDay: 1.5, daily: 0.6, noise: 0.4 }, end);
    expect((await put('resource:default/disk', csv(disk))).json()).toEqual({ resource: 'resource:default/disk', samples: disk.t.length });
    expect((await put('resource:default/bucket', csv(demoSeries({ resource: 'x', days: 30, stepMinutes: 60, now: 21, perDay: 0.09, daily: 0.1, noise: 0.05 }, end)))).statusCode).toBe(200);
    expect((await put('resource:default/gappy', csv(demoSeries({ resource: 'x', days: 30, stepMinutes: 60, now: 500, perDay: 2, daily: 1, noise: 1, gapDays: 6 }, end)))).statusCode).toBe(200);
    const bad = await put('resource:default/disk', 'timestamp_ms,value\n1,2\n1,3\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/body:3:1: timestamp_ms: timestamp 1 is not after/);
    expect((await put('resource:default/plain', 'timestamp_ms,value\n')).statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'PUT', url: '/api/v1/forecasts/samples?ref=disk', headers: { 'content-type': 'text/csv' }, payload: 'timestamp_ms,value\n' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists resources by time to exhaustion: the disk flagged within its lead time, reasons instead of dates', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/v1/forecasts' })).json() as ResourceForecastList;
    expect(list.items.map((i) => i.ref)).toEqual(['resource:default/disk', 'resource:default/bucket', 'resource:default/bad', 'resource:default/gappy', 'resource:default/pushed', 'resource:default/zero']);
    const [disk, bucket, bad, gappy, pushed, zero] = list.items;
    expect(pushed).toMatchObject({ status: 'cannot-forecast', why: 'too few samples: 0 in the history, at least 10 are needed' });
    expect(disk).toMatchObject({ status: 'flagged', leadTimeDays: 60, safetyMarginDays: 7, capacity: 200, source: 'samples' });
    expect(disk.daysLeft!).toBeGreaterThan(36);
    expect(disk.daysLeft!).toBeLessThan(40);
    expect(disk.why).toMatch(/within the 67 days needed/);
    expect(disk.backtests.map((b) => b.method)).toEqual(['linear', 'holt', 'seasonal']);
    expect(disk.proposed).not.toBeNull();
    expect(bucket).toMatchObject({ status: 'ok' });
    expect(bucket.daysLeft!).toBeGreaterThan(200);
    expect(bad).toMatchObject({ status: 'cannot-forecast', why: expect.stringMatching(/tally\.dev\/lead-time: "soon" is not a duration/), daysLeft: null, pessimisticAt: null });
    expect(gappy).toMatchObject({ status: 'cannot-forecast', why: expect.stringMatching(/a gap of/) });
    expect(zero).toMatchObject({ status: 'cannot-forecast', why: expect.stringMatching(/capacity is 0|too few samples/) });
  });

  it("answers one resource's chart data, under scenarios", async () => {
    const get = (q: string) => app.inject({ method: 'GET', url: `/api/v1/forecasts/resource?ref=resource:default/bucket${q}` });
    const d = (await get('')).json() as ResourceForecastDetail;
    expect(d.history.length).toBeGreaterThan(300);
    expect(d.history.length).toBeLessThanOrEqual(721);
    expect(d.line.length).toBeGreaterThan(100);
    for (const [, point, lower, upper] of d.line) expect(lower <= point && point <= upper).toBe(true);
    expect(d.leadTimeAt).toBe(new Date(end + 37 * DAY_MS).toISOString());
    const lost = (await get('&capacityLostPercent=58')).json() as ResourceForecastDetail;
    expect(lost.forecast.capacity).toBeCloseTo(21, 5);
    expect(lost.forecast.status).toBe('flagged');
    const delayed = (await app.inject({ method: 'GET', url: '/api/v1/forecasts/resource?ref=resource:default/disk&delayDays=30' })).json() as ResourceForecastDetail;
    expect(delayed.forecast.why).toMatch(/97 days needed/);
    expect(delayed.orderBy).not.toBeNull();
    expect((await get('&demandUpPercent=abc')).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/forecasts/resource?ref=resource:default/plain' })).statusCode).toBe(404);
  });

  it('the capacity check: a forecast for every resource, none full within its lead time, backtest error bounded', async () => {
    const catalog = await catalogSnapshot(deps.db);
    const relations = [...catalog.relations, { type: 'dependsOn' as const, source: 'component:default/svc', target: 'resource:default/bucket' }, { type: 'dependsOn' as const, source: 'component:default/svc', target: 'resource:default/disk' }];
    const view = { entities: [...catalog.entities, { ref: 'component:default/svc', entity: { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'svc' }, spec: { type: 'service' } } }], relations, generation: 'x' };
    const facts = await capacityContext.load({ db: deps.db, config: deps.config, now: new Date(NOW) }, view, ['component:default/svc', 'resource:default/bucket', 'resource:default/gappy', 'group:default/sre']);
    expect(facts.get('component:default/svc')?.resources.map((r) => r.ref)).toEqual(['resource:default/bucket', 'resource:default/disk']);
    expect(facts.has('group:default/sre')).toBe(false);
    const judge = (ref: string, config: Record<string, unknown> = {}) => capacityCheck.evaluate(capacityCheck.schema.parse({ type: 'capacity', ...config }), { ref, entity: { apiVersion: 'x', kind: 'x', metadata: { name: 'x' } }, dependencies: [], data: { capacity: facts.get(ref) }, now: new Date(NOW) }, undefined, {} as never, { scorecard: 's', requirementId: 'r' });
    expect(judge('component:default/svc')).toMatchObject({ state: 'fail', message: expect.stringMatching(/^disk is full at worst on \d{4}-\d{2}-\d{2}, within its 60-day lead time \+ 7-day margin$/) });
    expect(judge('resource:default/bucket')).toMatchObject({ state: 'pass' });
    expect(judge('resource:default/bucket', { maxMape: 0.0001 })).toMatchObject({ state: 'fail', message: expect.stringMatching(/backtest error above 0.0001 %: bucket \(MAPE/) });
    expect(judge('resource:default/gappy')).toMatchObject({ state: 'fail', message: expect.stringMatching(/no forecast for gappy \(a gap of/) });
    expect(judge('group:default/sre')).toMatchObject({ state: 'n/a' });
  });

  it('takes numeric facts pushed under the usage-fact name as usage samples', async () => {
    for (let h = 12; h >= 1; h--) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/facts', headers: editor, payload: { entity: 'resource:default/pushed', name: 'disk-used', value: 80 - h, observedAt: new Date(end - h * 3_600_000).toISOString() } });
      expect(res.statusCode, res.body).toBe(202);
      await dispatchEvents(deps);
    }
    await app.inject({ method: 'POST', url: '/api/v1/facts', headers: editor, payload: { entity: 'resource:default/pushed', name: 'other', value: 1, observedAt: NOW } });
    await dispatchEvents(deps);
    expect(await countSamples(deps.db, 'resource:default/pushed')).toBe(12);
    const f = ((await app.inject({ method: 'GET', url: '/api/v1/forecasts/resource?ref=resource:default/pushed' })).json() as ResourceForecastDetail).forecast;
    expect(f).toMatchObject({ status: 'flagged', usage: 79, samples: 12 });
    expect(f.daysLeft!).toBeLessThan(1);
  });

  it('warns the team and SRE once per flagged date', async () => {
    expect(await warnExhaustion(deps)).toBe(2); // disk, and pushed
    expect(await warnExhaustion(deps)).toBe(0);
    const sent = await deliveriesFrom(deps.db, 'forecast:resource:default/disk');
    expect(sent.length).toBeGreaterThan(0);
  });

  it('seeds the demo usage once, relative to now', async () => {
    const demoDeps = { ...deps, config: { ...deps.config, server: { ...deps.config.server, demo: true } } };
    const file = join(mkdtempSync(join(tmpdir(), 'tally-demo-usage-')), 'usage.json');
    writeFileSync(file, JSON.stringify({ series: [{ resource: 'resource:default/zero', days: 10, stepMinutes: 60, now: 5, perDay: 0.1, daily: 0, noise: 0 }] }));
    expect(await seedDemoUsage(demoDeps, file)).toBe(0); // samples exist already
    expect(await seedDemoUsage(deps, file)).toBe(0); // not the demo
  });
});
