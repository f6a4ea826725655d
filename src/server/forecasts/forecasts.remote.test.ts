// `tally forecast` against a server (in-process: the CLI's requests answered by the real app
// through inject) on both engines, and the "a site's capacity lost" scenario: capacity split by
// site (tally.dev/capacity-sites), one site removed, exhaustion recomputed — through the API and
// the CLI, with clear errors for unknown resources and sites, and the token sent where reads need one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ResourceForecastDetail, ResourceForecastList } from '../../common/api/forecasts.ts';
import { authHeader } from '../testing/app.ts';
import { runTally } from '../testing/cli.ts';
import { describeEachEngine } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { demoSeries } from './demo.ts';
import { parseSites, resourceSpec } from './resources.ts';
import { NOW, putSamples, resourceDoc as resource, samplesCsv as csv, forecastsTestApp } from './testing.ts';

const CATALOG = `${resource('disk', { 'tally.dev/capacity': '200', 'tally.dev/lead-time': '60d', 'tally.dev/forecast-history': '60d' })}${resource('bucket', { 'tally.dev/capacity-sites': 'ams=30, fra=20', 'tally.dev/lead-time': '30d', 'tally.dev/capacity-unit': 'TB' })}${resource('mismatch', { 'tally.dev/capacity': '100', 'tally.dev/capacity-sites': 'ams=30, fra=20' })}`;

it('reads sites as name=capacity and says what is wrong with a bad list', () => {
  expect(parseSites('ams=120, rtm=80.5')).toEqual([{ name: 'ams', capacity: 120 }, { name: 'rtm', capacity: 80.5 }]);
  expect(parseSites('ams=1,ams=2')).toBe('site ams is named twice');
  expect(parseSites('ams:1')).toMatch(/"ams:1" is not name=capacity/);
  expect(parseSites(' , ')).toMatch(/no site/);
  expect(parseSites('a=-1')).toMatch(/is not name=capacity/);
});

describeEachEngine('tally forecast against a server, and a lost site', ({ db }) => {
  let app: App;
  let deps: AppDeps;
  let viewerToken: string;
  const end = Date.parse(NOW);
  beforeAll(async () => {
    const t = await forecastsTestApp(db(), CATALOG, { server: { anonymousRead: false } });
    ({ app, deps } = t);
    viewerToken = (await authHeader(deps, 'viewer')).authorization.slice('Bearer '.length);
    const put = async (ref: string, s: { t: Float64Array; v: Float64Array }) => {
      const res = await putSamples(app, t.editor, ref, csv(s));
      expect(res.statusCode, res.body).toBe(200);
    };
    await put('resource:default/disk', demoSeries({ resource: 'x', days: 60, stepMinutes: 60, now: 140, perDay: 1.5, daily: 0.6, noise: 0.4 }, end));
    await put('resource:default/bucket', demoSeries({ resource: 'x', days: 30, stepMinutes: 60, now: 21, perDay: 0.09, daily: 0.1, noise: 0.05 }, end));
  });
  afterAll(async () => app?.close());

  const tally = (args: string[], env: Record<string, string> = { TALLY_TOKEN: viewerToken }) => runTally(['forecast', ...args, '--server', 'http://tally.test'], { app, env });

  it('splits a capacity by site: the sum is the capacity, and a list that disagrees with tally.dev/capacity is a reason, not a date', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/v1/forecasts', headers: { authorization: `Bearer ${viewerToken}` } })).json() as ResourceForecastList;
    const bucket = list.items.find((i) => i.ref === 'resource:default/bucket')!;
    expect(bucket).toMatchObject({ capacity: 50, sites: [{ name: 'ams', capacity: 30 }, { name: 'fra', capacity: 20 }], status: 'ok' });
    const mismatch = list.items.find((i) => i.ref === 'resource:default/mismatch')!;
    expect(mismatch).toMatchObject({ status: 'cannot-forecast', why: expect.stringMatching(/tally\.dev\/capacity-sites: the sites add up to 50, not the capacity 100/) });
  });

  it("recomputes the exhaustion date without a lost site's share, in the API", async () => {
    const get = (q: string) => app.inject({ method: 'GET', url: `/api/v1/forecasts/resource?ref=bucket${q}`, headers: { authorization: `Bearer ${viewerToken}` } });
    const whole = (await get('')).json() as ResourceForecastDetail;
    const noFra = (await get('&siteLost=fra')).json() as ResourceForecastDetail;
    expect(noFra.scenario.siteLost).toBe('fra');
    expect(noFra.forecast.capacity).toBe(30);
    expect(noFra.forecast.why).toMatch(/^with site fra lost, full in [\d.]+ days at worst/);
    expect(Date.parse(noFra.forecast.pessimisticAt!)).toBeLessThan(Date.parse(whole.forecast.pessimisticAt!));
    const noAms = (await get('&siteLost=ams')).json() as ResourceForecastDetail;
    expect(noAms.forecast).toMatchObject({ capacity: 20, status: 'flagged', why: expect.stringMatching(/^with site ams lost, usage \([\d.]+\) is at or above capacity \(20\) now/) });
    const unknown = await get('&siteLost=lon');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('resource:default/bucket has no site "lon" (its sites: ams, fra)');
    // In the list, a site applies to the resources that have it; the others are forecast as they are.
    const list = (await app.inject({ method: 'GET', url: '/api/v1/forecasts?siteLost=ams', headers: { authorization: `Bearer ${viewerToken}` } })).json() as ResourceForecastList;
    expect(list.items.find((i) => i.ref === 'resource:default/bucket')).toMatchObject({ capacity: 20, status: 'flagged' });
    expect(list.items.find((i) => i.ref === 'resource:default/disk')).toMatchObject({ capacity: 200 });
  });

  it('lists every resource by time to exhaustion as a table, exit 1 when one is flagged', async () => {
    const r = await tally([]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RESOURCE\s+STATUS\s+DAYS LEFT\s+FULL AT WORST\s+NEEDED \(DAYS\)\s+WHY$/);
    expect(lines[1]).toMatch(/^resource:default\/disk\s+FLAGGED\s+3\d\.\d\s+\d{4}-\d{2}-\d{2}\s+67\s+full in/);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['RESOURCE', 'resource:default/disk', 'resource:default/bucket', 'resource:default/mismatch']);
  });

  it("answers one resource's forecast as JSON and as a table, under a lost site", async () => {
    const json = await tally(['bucket', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const d = JSON.parse(json.stdout) as ResourceForecastDetail;
    expect(d.forecast).toMatchObject({ ref: 'resource:default/bucket', capacity: 50, status: 'ok' });
    expect(d.history.length).toBeGreaterThan(300);
    const lost = await tally(['resource:bucket', '--site-lost', 'ams', '--delay', '10']);
    expect(lost.code).toBe(1);
    expect(lost.stdout).toMatch(/^resource\tresource:default\/bucket \(bucket\)\nstatus\tFLAGGED: with site ams lost, usage/);
    expect(lost.stdout).toMatch(/usage \/ capacity\t[\d.]+ \/ 20 TB \(sites: ams 30, fra 20\)/);
    expect(lost.stdout).toMatch(/proposed\t(linear|holt|seasonal)/);
  });

  it('names what is wrong: an unknown resource, an unknown site, a bad scenario, a missing token, an unreachable server', async () => {
    const unknown = await tally(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/resource:default\/nope is not a resource with a capacity/);
    const site = await tally(['bucket', '--site-lost', 'lon']);
    expect(site.code).toBe(2);
    expect(site.stderr).toMatch(/has no site "lon" \(its sites: ams, fra\)/);
    const noSites = await tally(['disk', '--site-lost', 'ams']);
    expect(noSites.stderr).toMatch(/resource:default\/disk has no site "ams" \(no tally\.dev\/capacity-sites annotation\)/);
    const bad = await tally(['--demand-up', 'lots']);
    expect(bad).toMatchObject({ code: 2, stderr: 'tally: --demand-up must be a number >= -100 (got "lots")\n' });
    const anonymous = await tally([], {});
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/token/i);
    const flag = await tally(['disk', '--token', viewerToken], {});
    expect(flag.code).toBe(1);
    const offline = await tally(['disk', '--offline', 'x.csv']);
    expect(offline.stderr).toMatch(/--offline reads a series file; a resource \(disk\) is forecast by the server/);
    const away = await runTally(['forecast', '--server', 'http://127.0.0.1:9'], { env: {} });
    expect(away.code).toBe(2);
    expect(away.stderr).toMatch(/cannot reach the Tally server at http:\/\/127\.0\.0\.1:9/);
  });

  it('keeps the annotations a resource spec reads from the catalog', () => {
    const e = { ref: 'resource:default/x', kind: 'resource', name: 'x', owner: null, tier: null, type: null, system: null, entity: { apiVersion: 'backstage.io/v1alpha1', kind: 'Resource', metadata: { name: 'x', annotations: { 'tally.dev/capacity-sites': 'a=1,b=2', 'tally.dev/capacity-query': 'q' } } } } as never;
    expect(resourceSpec(e, deps.config)).toMatchObject({ capacity: null, sites: [{ name: 'a', capacity: 1 }, { name: 'b', capacity: 2 }], problems: [] });
  });
});
