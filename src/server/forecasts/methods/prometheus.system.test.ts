// Tally's predict_linear and holt_winters against Prometheus 2.42's own answers (Debian's
// `prometheus` on loopback), on series backfilled with `promtool tsdb create-blocks-from
// openmetrics`: noisy trends, NaN, +Inf, gaps, counter resets, constants, irregular steps, a sample
// exactly on the range's left edge, too few samples. Equal within 1e-9 relative, or both NaN / both
// no sample. `tally forecast --offline` on the same series as CSV answers the same.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../main.ts';
import { bufferIo } from '../../platform/cli/io.ts';
import { seededRandom } from '../../../common/random.ts';
import { testConfig } from '../../testing/app.ts';
import { diskRules } from '../disk-rules.ts';
import { forecastResource, type ResourceSpec } from '../resources.ts';
import { forecastAt } from '../forecast.ts';
import type { Series } from './series.ts';

const T0 = Date.parse('2023-01-01T00:00:00Z');
const MIN = 60_000;

/** The graph's seeded generator (mulberry32), so the series are the same on every run. */
const rng = seededRandom;

function make(points: [number, number][]): Series {
  return { t: Float64Array.from(points, (p) => p[0]), v: Float64Array.from(points, (p) => p[1]) };
}

function series(): Record<string, Series> {
  const r = rng(42);
  const every = (n: number, step: number, f: (i: number) => number, start = T0) => Array.from({ length: n }, (_, i): [number, number] => [start + i * step, f(i)]);
  const trend = every(240, 15_000, (i) => 1e9 + i * 12345.678 + r() * 5e5);
  const withNaN = every(240, 15_000, (i) => (i % 37 === 5 ? NaN : 50 + i * 0.3 + r()));
  const withInf = every(240, 15_000, (i) => (i === 200 ? Infinity : 10 + r()));
  const gaps = every(240, 15_000, (i) => 3 + Math.sin(i / 9) + i * 0.01).filter((_, i) => i % 60 < 30);
  const counter = every(240, 15_000, (i) => (i % 70) * 1000 + r() * 10);
  const constant = every(240, 15_000, () => 7.25);
  const irregular: [number, number][] = [];
  for (let t = T0, i = 0; t < T0 + 60 * MIN; t += 1000 + Math.floor(r() * 29_000), i++) irregular.push([t, 1e-3 * i * i - 0.5 * i + r()]);
  const edge = every(121, 30_000, (i) => 100 - i * 0.75 + r());
  const sparse = every(3, 25 * MIN, (i) => 1 + i);
  const decreasing = every(240, 15_000, (i) => 1e6 - i * 321.5 + r() * 100);
  return { trend: make(trend), nan: make(withNaN), inf: make(withInf), gaps: make(gaps), counter: make(counter), constant: make(constant), irregular: make(irregular), edge: make(edge), sparse: make(sparse), decreasing: make(decreasing) };
}

function om(name: string, v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const all = series();
let dir: string;
let prom: ChildProcess | undefined;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tally-prom-'));
  const text = Object.entries(all).map(([name, s]) => {
    const lines = [`# TYPE s_${name} gauge`];
    for (let i = 0; i < s.t.length; i++) lines.push(`s_${name} ${om(name, s.v[i])} ${(s.t[i] / 1000).toFixed(3)}`);
    return lines.join('\n');
  }).join('\n');
  writeFileSync(join(dir, 'series.om'), `${text}\n# EOF\n`);
  for (const [name, s] of Object.entries(all)) {
    writeFileSync(join(dir, `${name}.csv`), `timestamp_ms,value\n${Array.from(s.t, (t, i) => `${t},${om(name, s.v[i])}`).join('\n')}\n`);
  }
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'series.om'), join(dir, 'data')], { stdio: 'pipe' });
  writeFileSync(join(dir, 'prometheus.yml'), 'global: {}\n');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', '--log.level=error'], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('prometheus did not become ready');
});

afterAll(() => {
  prom?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Prometheus's answer: undefined for an empty vector. */
async function promQuery(query: string, atMs: number): Promise<number | undefined> {
  const res = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query, time: (atMs / 1000).toFixed(3) })}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: { value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
  expect(body.data.result.length).toBeLessThanOrEqual(1);
  const v = body.data.result[0]?.value[1];
  return v === undefined ? undefined : v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v);
}

function same(ours: number | null, theirs: number | undefined, what: string): void {
  if (theirs === undefined) return void expect(ours, what).toBeNull();
  expect(ours, what).not.toBeNull();
  if (Number.isNaN(theirs) || !Number.isFinite(theirs)) return void expect(Object.is(ours, theirs) || (Number.isNaN(ours!) && Number.isNaN(theirs)), `${what}: ${ours} vs ${theirs}`).toBe(true);
  const rel = Math.abs(ours! - theirs) / Math.max(Math.abs(theirs), Number.MIN_VALUE);
  expect(rel <= 1e-9 || ours === theirs, `${what}: ${ours} vs ${theirs} (relative ${rel})`).toBe(true);
}

const times = [T0 + 1 * MIN, T0 + 10 * MIN, T0 + 29 * MIN + 30_000, T0 + 30 * MIN, T0 + 45 * MIN + 7_000, T0 + 60 * MIN, T0 + 61 * MIN + 1, T0 + 75 * MIN];
const ranges: [string, number][] = [['30m', 30 * MIN], ['5m', 5 * MIN], ['1h', 60 * MIN]];

describe('the methods against Prometheus 2.42', () => {
  it('predict_linear: the same answers on every series, range and time', async () => {
    let compared = 0;
    for (const [name, s] of Object.entries(all)) {
      for (const [text, rangeMs] of ranges) {
        for (const at of times) {
          for (const horizon of [3600, 86_400 * 40]) {
            const theirs = await promQuery(`predict_linear(s_${name}[${text}], ${horizon})`, at);
            same(forecastAt(s, { method: 'linear', rangeMs, atMs: at, horizonMs: horizon * 1000 }).value, theirs, `predict_linear(s_${name}[${text}], ${horizon}) at ${new Date(at).toISOString()}`);
            if (theirs !== undefined) compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('holt_winters: the same answers with several factors', async () => {
    let compared = 0;
    for (const [name, s] of Object.entries(all)) {
      for (const [sf, tf] of [[0.5, 0.5], [0.1, 0.9], [0.9, 0.3]]) {
        for (const at of times) {
          const theirs = await promQuery(`holt_winters(s_${name}[30m], ${sf}, ${tf})`, at);
          same(forecastAt(s, { method: 'holt', rangeMs: 30 * MIN, atMs: at, horizonMs: 0, smoothing: sf, trend: tf }).value, theirs, `holt_winters(s_${name}[30m], ${sf}, ${tf}) at ${new Date(at).toISOString()}`);
          if (theirs !== undefined) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it("a resource's usage from query_range and capacity from an instant query, with the server's errors as reasons", async () => {
    const config = testConfig({ checks: { prometheus: { default: { url: base } } } });
    const spec: ResourceSpec = { ref: 'resource:default/disk', title: 'disk', owner: null, tier: null, capacity: null, sites: [], capacityQuery: 'vector(1.01e9)', usageQuery: 's_trend', server: 'default', leadTimeMs: 86_400_000, safetyMarginMs: 0, historyMs: 60 * MIN, method: 'linear', kind: 'gauge', unit: null, problems: [] };
    const db = undefined as never; // the Prometheus path reads no table
    const at = new Date(T0 + 60 * MIN);
    const f = (await forecastResource({ db, config }, spec, at)).forecast;
    expect(f).toMatchObject({ source: 'prometheus', capacity: 1.01e9, status: 'flagged' });
    expect(f.samples).toBeGreaterThan(200);
    expect(f.usage).toBeGreaterThan(1e9);
    const many = (await forecastResource({ db, config }, { ...spec, usageQuery: '{__name__=~"s_trend|s_edge"}' }, at)).forecast;
    expect(many).toMatchObject({ status: 'cannot-forecast', why: expect.stringMatching(/returned 2 series: aggregate it/) });
    const broken = (await forecastResource({ db, config }, { ...spec, usageQuery: 'sum(' }, at)).forecast;
    expect(broken.why).toMatch(/Prometheus error: bad_data/);
    const nowhere = (await forecastResource({ db, config }, { ...spec, server: 'other' }, at)).forecast;
    expect(nowhere.why).toMatch(/no Prometheus server named "other"/);
  });

  it('promtool check rules accepts the disk rules', () => {
    const file = join(dir, 'disk-rules.yml');
    writeFileSync(file, diskRules({ runbook: 'https://runbooks.example/disk', selector: 'mountpoint=~"/data|/var"', range: '12h', warnWithin: '2d', pageWithin: '6h' }));
    expect(execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' })).toMatch(/SUCCESS: 2 rules found/);
  });

  it('tally forecast --offline on the CSV prints what Prometheus answers', async () => {
    for (const name of ['trend', 'nan', 'irregular', 'sparse']) {
      const at = '2023-01-01T01:00:00Z';
      const io = bufferIo();
      expect(await run(['forecast', '--offline', join(dir, `${name}.csv`), '--method', 'linear', '--range', '30m', '--at', at, '--horizon', '1h', '--format', 'json'], io), io.err()).toBe(0);
      const linear = JSON.parse(io.out()) as { value: number | string | null };
      const theirs = await promQuery(`predict_linear(s_${name}[30m], 3600)`, Date.parse(at));
      same(typeof linear.value === 'string' ? Number(linear.value) : linear.value, theirs, `${name} linear`);
      const io2 = bufferIo();
      expect(await run(['forecast', '--offline', join(dir, `${name}.csv`), '--method', 'holt', '--smoothing', '0.5', '--trend', '0.5', '--range', '30m', '--at', at, '--format', 'json'], io2), io2.err()).toBe(0);
      const holt = JSON.parse(io2.out()) as { value: number | string | null };
      same(typeof holt.value === 'string' ? Number(holt.value) : holt.value, await promQuery(`holt_winters(s_${name}[30m], 0.5, 0.5)`, Date.parse(at)), `${name} holt`);
    }
  });
});
