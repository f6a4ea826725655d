// `tally forecast --offline SERIES.csv …`: a forecast from a CSV (`timestamp_ms,value`), with no
// server and no database. At one evaluation time it answers like the PromQL function
// (`--method linear` = predict_linear(x[range], horizon), `--method holt` = holt_winters(x[range],
// sf, tf), `--method seasonal` adds 80 %/95 % intervals); with `--capacity` it adds the time to
// exhaustion against `--lead-time` (+ `--safety-margin`, scenarios); `--backtest` scores the methods.
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { parseDuration } from '../../common/duration.ts';
import { parseInstant } from '../../common/instant.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { remoteOptions } from '../platform/cli/remote.ts';
import { backtest, type BacktestResult } from './backtest.ts';
import { timeToExhaustion, type Exhaustion } from './exhaustion.ts';
import { forecastAt, METHODS, promNumber, type ForecastAnswer, type Method } from './forecast.ts';
import { diskRuleProblems, diskRules } from './disk-rules.ts';
import { remoteForecast } from './forecasts.remote.ts';
import { holtFactorsProblem } from './methods/holt.ts';
import { parseSeriesCsv, MAX_CSV_BYTES } from './methods/csv.ts';
import { selectRange } from './methods/series.ts';

interface Options {
  offline?: string;
  server?: string;
  token?: string;
  siteLost?: string;
  method: string;
  range: string;
  at?: string;
  horizon: string;
  smoothing: string;
  trend: string;
  period: string[];
  capacity?: string;
  kind: string;
  leadTime?: string;
  safetyMargin?: string;
  delay?: string;
  demandUp?: string;
  capacityLost?: string;
  backtest?: boolean;
  format: string;
}

function duration(text: string, option: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`${option} must be a duration like 30m, 1h, 90d (got "${text}")`);
  return ms;
}

function number(text: string, option: string, min = -Infinity): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`${option} must be a number${min > -Infinity ? ` >= ${min}` : ''} (got "${text}")`);
  return n;
}

function instant(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const r = parseInstant(text);
  if (!r.ok) throw new UsageError(`--at: ${r.reason}, or Unix seconds`);
  return r.date.getTime();
}

const collect = (v: string, prev: string[]) => [...prev, v];

function jsonAnswer(a: ForecastAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = { value: promNumber(a.value) };
  if (a.reason) out.reason = a.reason;
  for (const k of ['lower80', 'upper80', 'lower95', 'upper95'] as const) if (a[k] !== undefined) out[k] = promNumber(a[k]);
  out.samples = a.samples;
  return out;
}

function tableText(a: ForecastAnswer, ex: Exhaustion | undefined, bt: BacktestResult | undefined): string {
  const lines = [`value\t${a.value === null ? `none: ${a.reason}` : String(promNumber(a.value))}`, `samples\t${a.samples}`];
  if (a.lower95 !== undefined) lines.push(`80 %\t${a.lower80} … ${a.upper80}`, `95 %\t${a.lower95} … ${a.upper95}`);
  if (ex) {
    if (ex.status === 'cannot-forecast') lines.push(`exhaustion\tcannot forecast: ${ex.reason}`);
    else lines.push(`exhaustion\t${ex.flagged ? 'FLAGGED: ' : ''}${ex.why}`, `expected\t${ex.expectedAt ?? '-'}`, `pessimistic\t${ex.pessimisticAt ?? '-'}`);
  }
  if (bt) {
    for (const b of bt.backtests) lines.push(`backtest ${b.method}\tMAPE ${b.mape === null ? '-' : `${b.mape.toFixed(2)} %`}\tcoverage95 ${b.coverage95 === null ? '-' : `${b.coverage95.toFixed(0)} %`}\t(${b.origins} origins)`);
    lines.push(`proposed\t${bt.proposed ?? '-'}`);
  }
  return `${lines.join('\n')}\n`;
}

function diskRulesCommand(program: Command, io: CliIo): void {
  program
    .command('disk-rules')
    .description('print the Prometheus rule file that alerts on disks filling up (time to full with predict_linear), for `promtool check rules`')
    .requiredOption('--runbook <url>', 'the runbook the alerts link to')
    .option('--selector <matchers>', 'label matchers of the filesystems, e.g. mountpoint="/data"')
    .option('--range <duration>', 'the history fitted', '6h')
    .option('--warn-within <duration>', 'warn when full within', '24h')
    .option('--page-within <duration>', 'page when full within', '4h')
    .action((o: { runbook: string; selector?: string; range: string; warnWithin: string; pageWithin: string }) => {
      const problems = diskRuleProblems(o);
      if (problems.length) throw new UsageError(problems.join('; '));
      io.stdout.write(diskRules(o));
    });
}

/** The scenario options of the online form, checked. */
function remoteScenario(o: Options) {
  return {
    delay: o.delay === undefined ? undefined : number(o.delay, '--delay', 0),
    demandUp: o.demandUp === undefined ? undefined : number(o.demandUp, '--demand-up', -100),
    capacityLost: o.capacityLost === undefined ? undefined : number(o.capacityLost, '--capacity-lost', 0),
    siteLost: o.siteLost,
  };
}

export function forecastCommands(program: Command, io: CliIo): void {
  remoteOptions(program
    .command('forecast')
    .description("forecast a series: like predict_linear / holt_winters at one time, a seasonal forecast with intervals, time to exhaustion, backtests (--offline FILE); or ask a server for every resource by time to exhaustion, or one resource's dates (RESOURCE)")
    .argument('[resource]', "a resource of the catalog (e.g. backup-storage): its forecast from the server; none: every resource's")
    .option('--offline <file>', 'a CSV of timestamp_ms,value (NaN, +Inf, -Inf, stale allowed), read with no server'))
    .option('--method <method>', `${METHODS.join(', ')}`, 'linear')
    .option('--range <duration>', 'the range selector x[range] (the history fitted)', '30m')
    .option('--at <time>', 'evaluation time: ISO-8601 with a zone or Unix seconds (default: the last sample)')
    .option('--horizon <duration>', 'how far ahead (predict_linear seconds; seasonal steps)', '1h')
    .option('--smoothing <sf>', 'holt: smoothing factor, 0 < sf < 1', '0.5')
    .option('--trend <tf>', 'holt: trend factor, 0 < tf < 1', '0.5')
    .option('--period <duration>', 'seasonal: a season (repeatable; default none)', collect, [])
    .option('--capacity <n>', 'add the time to exhaustion against this capacity')
    .option('--kind <kind>', 'gauge or counter (a counter that falls has reset)', 'gauge')
    .option('--lead-time <duration>', 'procurement lead time, e.g. 60d')
    .option('--safety-margin <duration>', 'added to the lead time')
    .option('--delay <days>', 'scenario: delivery delayed by N days')
    .option('--demand-up <percent>', 'scenario: growth up by X %')
    .option('--capacity-lost <percent>', 'scenario: X % of capacity lost (a site or supplier gone)')
    .option('--site-lost <site>', "scenario (server): this site of the resource's tally.dev/capacity-sites lost")
    .option('--backtest', 'rolling-origin backtests of every method over the file, and the one proposed')
    .option('--format <format>', 'json or table', 'table')
    .action(async (resource: string | undefined, o: Options) => {
      if (o.format !== 'json' && o.format !== 'table') throw new UsageError(`--format must be json or table (got "${o.format}")`);
      if (!o.offline) return remoteForecast(io, { ...o, format: o.format, ...remoteScenario(o) }, resource);
      if (resource !== undefined) throw new UsageError(`--offline reads a series file; a resource (${resource}) is forecast by the server: drop one of them`);
      if (o.siteLost !== undefined) throw new UsageError('--site-lost needs the server (a resource and its sites); offline, use --capacity-lost');
      if (!(METHODS as readonly string[]).includes(o.method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')} (got "${o.method}")`);
      if (o.kind !== 'gauge' && o.kind !== 'counter') throw new UsageError(`--kind must be gauge or counter (got "${o.kind}")`);
      const method = o.method as Method;
      const smoothing = number(o.smoothing, '--smoothing');
      const trend = number(o.trend, '--trend');
      const bad = method === 'holt' ? holtFactorsProblem(smoothing, trend) : undefined;
      if (bad) throw new UsageError(`holt: ${bad}`);
      let size: number;
      try {
        size = statSync(o.offline).size;
      } catch (err) {
        throw new UsageError(`cannot read ${o.offline}: ${(err as Error).message}`);
      }
      if (size > MAX_CSV_BYTES) throw new UsageError(`${o.offline} is larger than ${MAX_CSV_BYTES} bytes`);
      const series = parseSeriesCsv(readFileSync(o.offline, 'utf8'), o.offline);
      const rangeMs = duration(o.range, '--range');
      const horizonMs = duration(o.horizon, '--horizon');
      const atMs = instant(o.at, series.t.length ? series.t[series.t.length - 1] : 0);
      const periodsMs = o.period.map((p) => duration(p, '--period'));
      const answer = forecastAt(series, { method, rangeMs, atMs, horizonMs, smoothing, trend, periodsMs });
      let ex: Exhaustion | undefined;
      if (o.capacity !== undefined) {
        ex = timeToExhaustion({
          history: selectRange(series, atMs, rangeMs), kind: o.kind, capacity: number(o.capacity, '--capacity'), atMs,
          method: method === 'seasonal' ? 'seasonal' : 'linear', periodsMs: periodsMs.length ? periodsMs : undefined,
          leadTimeMs: o.leadTime ? duration(o.leadTime, '--lead-time') : undefined,
          safetyMarginMs: o.safetyMargin ? duration(o.safetyMargin, '--safety-margin') : undefined,
          scenario: {
            delayDays: o.delay ? number(o.delay, '--delay', 0) : undefined,
            demandUpPercent: o.demandUp ? number(o.demandUp, '--demand-up', -100) : undefined,
            capacityLostPercent: o.capacityLost ? number(o.capacityLost, '--capacity-lost', 0) : undefined,
          },
        });
      }
      // Backtests fit at most half the file, so there are origins to score.
      const span = series.t.length ? series.t[series.t.length - 1] - series.t[0] : 0;
      const bt = o.backtest ? backtest(series, METHODS, { rangeMs: Math.min(rangeMs, span / 2), horizonMs, smoothing, trend, periodsMs }) : undefined;
      if (o.format === 'json') {
        io.stdout.write(`${JSON.stringify({ ...jsonAnswer(answer), ...(ex ? { exhaustion: ex } : {}), ...(bt ? { backtest: bt } : {}) })}\n`);
      } else io.stdout.write(tableText(answer, ex, bt));
      if (ex && ex.status !== 'cannot-forecast' && ex.flagged) io.exitCode = 1;
    });
  diskRulesCommand(program, io);
}
