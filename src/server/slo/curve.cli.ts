// `tally slo curve NAME`: the inverted SLO from a running server — the share of requests under
// each bucket bound over a period, the answers to `--under 10ms` and `--quantile 99`, and the
// objective suggested from the last 28 days. Exit 0 answered; an SLO Prometheus could not answer
// for prints why and exits 1.
import type { Command } from 'commander';
import type { SloCurve } from '../../common/api/slo.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import type { CliIo } from '../platform/cli/io.ts';
import { InputError, problem } from '../platform/problems.ts';
import { latencyText } from './curve.ts';

interface CurveOptions extends RemoteOptions {
  period?: string;
  under?: string;
  quantile?: string;
  json?: boolean;
}

/** `10ms`, `0.25s`, `1.5` (seconds) → seconds. */
export function latencyArg(text: string): number {
  const m = /^([0-9]*\.?[0-9]+)\s*(ms|s)?$/.exec(text.trim());
  if (!m) throw new InputError(`--under ${text}: write a latency such as 10ms, 0.25s or 0.25 (seconds)`, [problem('not a latency', { field: '--under' })]);
  return Number(m[1]) / (m[2] === 'ms' ? 1000 : 1);
}

/** `99`, `99.9` (percent) or `0.99` → a share in (0, 1). */
export function quantileArg(text: string): number {
  const n = Number(text);
  const q = n > 1 ? n / 100 : n;
  if (!(q > 0 && q < 1)) throw new InputError(`--quantile ${text}: write a percentage such as 99 or 99.9 (or a share such as 0.99)`, [problem('not a share', { field: '--quantile' })]);
  return q;
}

const pct = (r: number | null) => (r === null ? '–' : `${Number((r * 100).toPrecision(4))} %`);

export function curveText(c: SloCurve): string {
  if (c.state !== 'ok') return `${c.slo}: ${c.message}\n`;
  const lines = [`${c.displayName} (${c.slo}): ${c.histogram} over ${c.period.start} – ${c.period.end}, ${Math.round(c.observations ?? 0)} observations`, '', '  under        share'];
  for (const p of c.points) lines.push(`  ${latencyText(p.le).padEnd(12)} ${pct(p.share)}`);
  lines.push('');
  if (c.under) lines.push(`${pct(c.under.share)} of requests finished under ${latencyText(c.under.threshold)}`);
  if (c.quantile) lines.push(`${pct(c.quantile.quantile)} of requests stayed under ${latencyText(c.quantile.latency)}`);
  lines.push(c.message);
  if (c.suggestion) lines.push(c.suggestion.message);
  return `${lines.join('\n')}\n`;
}

export function curveCommand(slo: Command, io: CliIo): void {
  remoteOptions(slo.command('curve').argument('<slo>', 'the SLO name'))
    .description("the inverted SLO: the share of requests under each latency over a period, and an objective suggested from the last 28 days")
    .option('--period <duration>', 'the period read (5m to 400d; default 7d)')
    .option('--under <latency>', 'what share of requests finished under this latency? (10ms, 0.25s)')
    .option('--quantile <percent>', 'what latency did this share of requests stay under? (99, 99.9)')
    .option('--json')
    .action(async (name: string, o: CurveOptions) => {
      const qs = new URLSearchParams({ period: o.period ?? '7d' });
      if (o.under !== undefined) qs.set('under', String(latencyArg(o.under)));
      if (o.quantile !== undefined) qs.set('quantile', String(quantileArg(o.quantile)));
      const c = await callServer<SloCurve>(o, io, 'GET', `/api/v1/slos/${encodeURIComponent(name)}/curve?${qs}`);
      io.stdout.write(o.json ? `${JSON.stringify(c, null, 2)}\n` : curveText(c));
      if (c.state !== 'ok') io.exitCode = 1;
    });
}
