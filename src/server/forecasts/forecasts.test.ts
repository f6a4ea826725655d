import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../testing/app.ts';
import { run } from '../main.ts';
import { resourceSpec } from './resources.ts';
import { bufferIo } from '../platform/cli/io.ts';
import { backtest } from './backtest.ts';
import { diskRuleProblems, diskRules } from './disk-rules.ts';
import { DAY_MS, timeToExhaustion } from './exhaustion.ts';
import { forecastAt, METHODS } from './forecast.ts';
import { parseSeriesCsv } from './methods/csv.ts';
import { holtFactorsProblem } from './methods/holt.ts';
import { selectRange, type Series } from './methods/series.ts';

const T0 = Date.parse('2023-01-01T00:00:00Z');
const s = (points: [number, number][]): Series => ({ t: Float64Array.from(points, (p) => p[0]), v: Float64Array.from(points, (p) => p[1]) });
const daily = (days: number, f: (d: number) => number): Series => s(Array.from({ length: days * 4 }, (_, i) => [T0 + i * 6 * 3_600_000, f(i / 4)]));

describe('series and CSV', () => {
  it('selects [at - range, at], both ends included', () => {
    const x = s([[T0, 1], [T0 + 2000, 3], [T0 + 3000, 4]]);
    expect(Array.from(selectRange(x, T0 + 2000, 2000).v)).toEqual([1, 3]);
    expect(Array.from(selectRange(x, T0 + 3000, 999).v)).toEqual([4]);
  });

  it('reads NaN, ±Inf and stale, and names the line and field of each fault', () => {
    const x = parseSeriesCsv('timestamp_ms,value\n1,NaN\n2,+Inf\n3,-Inf\n4,stale\n5,1e3\n');
    expect(Array.from(x.v)).toEqual([NaN, Infinity, -Infinity, 1000]);
    expect(Array.from(x.t)).toEqual([1, 2, 3, 5]);
    expect(() => parseSeriesCsv('timestamp_ms,value\n4,stale\n4,1\n')).toThrow(/timestamp 4 is not after/);
    expect(() => parseSeriesCsv('t,v\n1,2\n', 'a.csv')).toThrow(/a\.csv:1:1: the first line must be the header/);
    expect(() => parseSeriesCsv('timestamp_ms,value\n1,2\n1,3\n', 'a.csv')).toThrow(/a\.csv:3:1: timestamp_ms: timestamp 1 is not after/);
    expect(() => parseSeriesCsv('timestamp_ms,value\n1,abc\n', 'a.csv')).toThrow(/a\.csv:2:3: value: value "abc" is not a number/);
    expect(() => parseSeriesCsv('timestamp_ms,value\n1.5,2\n', 'a.csv')).toThrow(/not a whole number/);
  });
});

describe('the PromQL methods', () => {
  it('predict_linear: the line through the range, extrapolated from the evaluation time', () => {
    const x = s([[T0, 10], [T0 + 60_000, 20], [T0 + 120_000, 30]]);
    expect(forecastAt(x, { method: 'linear', rangeMs: 120_000, atMs: T0 + 120_000, horizonMs: 60_000 }).value).toBeCloseTo(40, 9);
    expect(forecastAt(x, { method: 'linear', rangeMs: 60_000, atMs: T0 + 240_000, horizonMs: 0 }).value).toBeNull();
    expect(forecastAt(s([[T0, Infinity], [T0 + 1, Infinity]]), { method: 'linear', rangeMs: 10, atMs: T0 + 1, horizonMs: 0 }).value).toBeNaN();
    expect(forecastAt(s([[T0, 5], [T0 + 1, 5]]), { method: 'linear', rangeMs: 10, atMs: T0 + 1, horizonMs: 1e6 }).value).toBe(5);
  });

  it('holt_winters: seeded with the first value and difference', () => {
    const x = s([[T0, 1], [T0 + 1, 2], [T0 + 2, 4]]);
    // s1=1, b=1; i=1: 0.5*2 + 0.5*(1+1) = 2; i=2: b = 0.5*(2-1)+0.5*1 = 1, 0.5*4 + 0.5*(2+1) = 3.5
    expect(forecastAt(x, { method: 'holt', rangeMs: 10, atMs: T0 + 2, horizonMs: 0, smoothing: 0.5, trend: 0.5 }).value).toBe(3.5);
    expect(holtFactorsProblem(1, 0.5)).toMatch(/invalid smoothing factor/);
    expect(holtFactorsProblem(0.5, 0)).toMatch(/invalid trend factor/);
  });

  it('seasonal: a daily cycle forecast with 80 % inside 95 % intervals', () => {
    const x = s(Array.from({ length: 24 * 14 }, (_, i) => [T0 + i * 3_600_000, 100 + i * 0.5 + 10 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13) / 13]));
    const f = forecastAt(x, { method: 'seasonal', rangeMs: 14 * DAY_MS, atMs: x.t[x.t.length - 1], horizonMs: 6 * 3_600_000, periodsMs: [DAY_MS] });
    expect(f.value).toBeGreaterThan(250);
    expect(f.lower95!).toBeLessThan(f.lower80!);
    expect(f.lower80!).toBeLessThan(f.value!);
    expect(f.upper80!).toBeLessThan(f.upper95!);
    expect(forecastAt(s([[T0, 1], [T0 + 1000, NaN], [T0 + 2000, 1], [T0 + 3000, 2]]), { method: 'seasonal', rangeMs: 1e6, atMs: T0 + 3000, horizonMs: 1000 })).toMatchObject({ value: null, reason: expect.stringMatching(/NaN/) });
  });
});

describe('time to exhaustion', () => {
  const disk = daily(60, (d) => 400 + d * 10 + (d % 3));
  const base = { history: disk, kind: 'gauge' as const, capacity: 1400, atMs: disk.t[disk.t.length - 1], method: 'linear' as const };

  it('dates the pessimistic exhaustion before the expected one and flags it within lead time', () => {
    const ex = timeToExhaustion({ ...base, leadTimeMs: 60 * DAY_MS });
    expect(ex).toMatchObject({ status: 'date', flagged: true });
    if (ex.status === 'cannot-forecast') throw new Error('no date');
    expect(Date.parse(ex.pessimisticAt!)).toBeLessThanOrEqual(Date.parse(ex.expectedAt!));
    expect(ex.daysLeft).toBeGreaterThan(35);
    expect(ex.daysLeft).toBeLessThan(41);
    expect(timeToExhaustion({ ...base, leadTimeMs: 20 * DAY_MS })).toMatchObject({ flagged: false });
    expect(timeToExhaustion({ ...base, leadTimeMs: 20 * DAY_MS, scenario: { delayDays: 30 } })).toMatchObject({ flagged: true, neededDays: 50 });
    const faster = timeToExhaustion({ ...base, scenario: { demandUpPercent: 100 } });
    const lost = timeToExhaustion({ ...base, scenario: { capacityLostPercent: 50 } });
    expect(faster.status === 'date' && faster.daysLeft! < ex.daysLeft! / 1.8).toBe(true);
    expect(lost).toMatchObject({ status: 'exhausted', flagged: true });
  });

  it('says why instead of a date', () => {
    const why = (history: Series, over = {}) => timeToExhaustion({ ...base, history, atMs: history.t[history.t.length - 1] ?? T0, ...over });
    expect(why(daily(2, (d) => d))).toMatchObject({ status: 'cannot-forecast', reason: expect.stringMatching(/too few samples: 8/) });
    expect(why(daily(30, (d) => (d === 10 ? NaN : d)))).toMatchObject({ reason: expect.stringMatching(/NaN at 2023-01-11/) });
    expect(why(daily(30, (d) => (d === 10 ? Infinity : d)))).toMatchObject({ reason: expect.stringMatching(/infinite/) });
    expect(why(daily(30, () => 5))).toMatchObject({ reason: expect.stringMatching(/constant \(5\)/) });
    expect(why(daily(30, (d) => (d * 100) % 700), { kind: 'counter' })).toMatchObject({ reason: expect.stringMatching(/counter reset at 2023-01-08/) });
    const gappy = daily(30, (d) => d);
    expect(why({ t: Float64Array.from(gappy.t).map((t, i) => (i > 50 ? t + 10 * DAY_MS : t)), v: gappy.v })).toMatchObject({ reason: expect.stringMatching(/a gap of 10\.25d|a gap of \d+h/) });
    expect(why(disk, { capacity: 0 })).toMatchObject({ reason: expect.stringMatching(/capacity is 0/) });
    expect(why(daily(30, (d) => 500 - d))).toMatchObject({ status: 'not-within', pessimisticAt: null, flagged: false });
  });
});

describe('backtests', () => {
  it('scores each method on rolling origins and proposes the best', () => {
    const x = daily(30, (d) => 100 + d * 5 + 3 * Math.sin(d * 4));
    const r = backtest(x, METHODS, { rangeMs: 7 * DAY_MS, horizonMs: 2 * DAY_MS, periodsMs: [DAY_MS] });
    const linear = r.backtests.find((b) => b.method === 'linear')!;
    const holt = r.backtests.find((b) => b.method === 'holt')!;
    expect(linear.origins).toBe(10);
    expect(linear.mape!).toBeLessThan(holt.mape!);
    expect(linear.coverage95).toBeNull();
    expect(r.backtests.find((b) => b.method === 'seasonal')!.coverage95).not.toBeNull();
    expect(r.proposed).not.toBe('holt');
  });
});

describe('tally forecast --offline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-forecast-'));
  const file = join(dir, 'disk.csv');
  writeFileSync(file, `timestamp_ms,value\n${Array.from({ length: 240 }, (_, i) => `${T0 + i * 6 * 3_600_000},${400 + i * 2.5 + (i % 3)}`).join('\n')}\n`);

  it('answers in JSON, with the exhaustion and exit 1 when flagged', async () => {
    const io = bufferIo();
    expect(await run(['forecast', '--offline', file, '--range', '60d', '--horizon', '1d', '--capacity', '1400', '--lead-time', '60d', '--format', 'json'], io)).toBe(1);
    const out = JSON.parse(io.out());
    expect(out).toMatchObject({ value: expect.any(Number), samples: 240, exhaustion: { status: 'date', flagged: true } });
    const table = bufferIo();
    expect(await run(['forecast', '--offline', file, '--range', '20d', '--capacity', '1400', '--lead-time', '10d', '--backtest'], table)).toBe(0);
    expect(table.out()).toMatch(/exhaustion\tfull in [\d.]+ days at worst; 10 days are needed/);
    expect(table.out()).toMatch(/backtest linear\tMAPE [\d.]+ %/);
  });

  it('refuses bad options with the option named (exit 2)', async () => {
    for (const [args, message] of [
      [['--method', 'arima'], /--method must be one of linear, holt, seasonal/],
      [['--method', 'holt', '--smoothing', '1'], /invalid smoothing factor/],
      [['--range', 'soon'], /--range must be a duration/],
      [['--at', '2023-01-01T00:00:00'], /add a zone/],
      [['--capacity', 'lots'], /--capacity must be a number/],
    ] as [string[], RegExp][]) {
      const io = bufferIo();
      expect(await run(['forecast', '--offline', file, ...args], io)).toBe(2);
      expect(io.err()).toMatch(message);
    }
    const missing = bufferIo();
    expect(await run(['forecast', '--offline', join(dir, 'nope.csv')], missing)).toBe(2);
    expect(missing.err()).toMatch(/cannot read .*nope\.csv/);
  });
});

describe('disk rules', () => {
  it('alert on time to full with predict_linear, with summary and runbook; bad options are named', async () => {
    const text = diskRules({ runbook: 'https://runbooks.example/disk', selector: 'mountpoint="/data"' });
    expect(text).toMatch(/predict_linear\(node_filesystem_avail_bytes\{fstype!~"tmpfs\|ramfs\|overlay\|squashfs",mountpoint="\/data"\}\[6h\], 86400\) < 0/);
    expect(text).toMatch(/alert: DiskWillFillVerySoon[\s\S]*predict_linear\([^)]*\[6h\], 14400\)[\s\S]*severity: page[\s\S]*runbook_url: https:\/\/runbooks.example\/disk/);
    expect(diskRuleProblems({ runbook: 'nope', selector: 'mountpoint=/data', range: 'long' })).toEqual([
      '--selector: "mountpoint=/data" is not a list of label matchers like mountpoint="/data"',
      '--runbook: "nope" is not an http(s) URL',
      '--range: "long" is not a duration such as 6h',
    ]);
    const io = bufferIo();
    expect(await run(['disk-rules', '--runbook', 'ftp://x'], io)).toBe(2);
    expect(io.err()).toMatch(/--runbook: "ftp:\/\/x" is not an http\(s\) URL/);
  });
});

describe('resource annotations', () => {
  const config = testConfig();
  const entity = (annotations: Record<string, string>) => ({ ref: 'resource:default/r', kind: 'resource', name: 'r', type: null, owner: null, system: null, tier: null, entity: { apiVersion: 'backstage.io/v1alpha1', kind: 'Resource', metadata: { name: 'r', annotations } } });

  it('horizons choose the history and method by default; explicit annotations override; bad ones are named', () => {
    expect(resourceSpec(entity({ 'tally.dev/capacity': '1' }), config)).toMatchObject({ historyMs: 30 * DAY_MS, method: 'linear', problems: [] });
    expect(resourceSpec(entity({ 'tally.dev/capacity': '1', 'tally.dev/forecast-horizon': 'short' }), config)).toMatchObject({ historyMs: 6 * 3_600_000, method: 'linear' });
    expect(resourceSpec(entity({ 'tally.dev/capacity': '1', 'tally.dev/forecast-horizon': 'long' }), config)).toMatchObject({ historyMs: 180 * DAY_MS, method: 'seasonal' });
    expect(resourceSpec(entity({ 'tally.dev/capacity': '1', 'tally.dev/forecast-horizon': 'long', 'tally.dev/forecast-method': 'linear', 'tally.dev/forecast-history': '90d' }), config)).toMatchObject({ historyMs: 90 * DAY_MS, method: 'linear' });
    expect(resourceSpec(entity({ 'tally.dev/capacity': 'x', 'tally.dev/forecast-horizon': 'decade', 'tally.dev/usage-kind': 'rate' }), config).problems).toEqual([
      'tally.dev/capacity: "x" is not a number',
      'tally.dev/forecast-horizon: "decade" is not short, mid or long',
      'tally.dev/usage-kind: "rate" is not gauge or counter',
    ]);
  });
});
