// A real Prometheus (Debian's `prometheus`) on loopback for system tests: series are backfilled
// with `promtool tsdb create-blocks-from openmetrics`, then Prometheus starts on a free port over
// those blocks, and stops when the test is done. Tests compare Tally's answers with its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startReadyProgram } from './program.ts';

export interface TestPrometheus {
  url: string;
  /** An instant query at `time` (unix seconds): the first sample's value, or undefined. */
  instant(query: string, time: number): Promise<number | undefined>;
  close(): Promise<void>;
}

/** One series' samples as OpenMetrics lines (`name{labels} value timestamp`). */
export function omLines(name: string, labels: Record<string, string>, samples: Iterable<[number, number]>): string {
  const l = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  const head = l ? `${name}{${l}}` : name;
  let out = '';
  for (const [t, v] of samples) out += `${head} ${v} ${t}\n`;
  return out;
}

const run = (bin: string, args: string[]) => new Promise<void>((resolve, reject) => execFile(bin, args, { maxBuffer: 64 * 1024 * 1024 }, (err, _o, stderr) => (err ? reject(new Error(`${bin} ${args[0]}: ${stderr || err.message}`)) : resolve())));

/** Backfills `openmetrics` (must end with `# EOF`) and starts Prometheus over it, with `rules` (a rule file's text) loaded when given. */
export async function startPrometheus(openmetrics: string, opts: { rules?: string } = {}): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-prom-'));
  writeFileSync(join(dir, 'input.om'), openmetrics);
  if (opts.rules) writeFileSync(join(dir, 'rules.yml'), opts.rules);
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1m\n${opts.rules ? `rule_files: [${JSON.stringify(join(dir, 'rules.yml'))}]\n` : ''}`);
  await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', join(dir, 'input.om'), join(dir, 'data')]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const program = await startReadyProgram('prometheus', 'prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=400d', '--query.lookback-delta=5m'], { readyUrl: `${url}/-/ready`, dir });
  return {
    url,
    async instant(query, time) {
      const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query, time: String(time) })}`);
      const body = (await res.json()) as { status: string; error?: string; data: { resultType: string; result: { value: [number, string] }[] | [number, string] } };
      if (body.status !== 'success') throw new Error(`Prometheus: ${body.error}`);
      if (body.data.resultType === 'scalar') return Number((body.data.result as [number, string])[1]);
      const first = (body.data.result as { value: [number, string] }[])[0];
      return first ? Number(first.value[1]) : undefined;
    },
    close: program.stop,
  };
}
