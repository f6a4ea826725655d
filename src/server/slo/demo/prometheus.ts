// The demo's Prometheus, active only with `server.demo`: when the SLOs' server
// (`checks.prometheus.<slo.server>`) is a loopback URL nobody answers on, and Debian's
// `prometheus` and `promtool` are installed, 29 days of demo metrics are backfilled into a
// temporary folder and Prometheus is started on that port, so a new user sees real budgets and
// charts. It stops with the Tally process. Without the binaries the SLO pages say "could not
// evaluate" — as they would with any unreachable Prometheus.
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDeps } from '../../platform/deps.ts';
import { startDemoProcess } from '../../platform/demo-process.ts';
import { demoOpenMetricsChunks } from './series.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const run = (bin: string, args: string[]) => new Promise<void>((resolve, reject) => execFile(bin, args, { maxBuffer: 16 * 1024 * 1024 }, (err, _o, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve())));

/** Writes the chunks, yielding to the event loop between them: the server keeps answering meanwhile. */
async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
    await new Promise((r) => setImmediate(r));
  }
  out.end();
  await once(out, 'finish');
}

export async function startDemoPrometheus(deps: Pick<AppDeps, 'config' | 'log' | 'clock'>): Promise<void> {
  if (!deps.config.server.demo) return;
  const server = deps.config.checks.prometheus[deps.config.slo.server];
  if (!server) return;
  const url = new URL(server.url);
  if (!LOOPBACK.has(url.hostname) || !url.port) return;
  const answering = await fetch(new URL('/-/ready', url)).then(() => true, () => false);
  if (answering) return;
  const dir = mkdtempSync(join(tmpdir(), 'tally-demo-prometheus-'));
  try {
    const end = Math.floor(deps.clock().getTime() / 60_000) * 60;
    await writeChunks(join(dir, 'demo.om'), demoOpenMetricsChunks(end));
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
    // At the lowest CPU priority: the backfill takes seconds of CPU, and the server must keep answering.
    await run('nice', ['-n', '19', 'promtool', 'tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', join(dir, 'demo.om'), join(dir, 'data')]);
    rmSync(join(dir, 'demo.om'));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    deps.log.warn({ err: (err as Error).message }, 'the demo Prometheus could not be prepared (is Debian\'s prometheus package installed?); SLO budgets will say "could not evaluate"');
    return;
  }
  startDemoProcess(deps.log, 'prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${url.hostname}:${url.port}`, '--storage.tsdb.retention.time=400d'], dir, 'Prometheus (SLO budgets will say "could not evaluate")');
  deps.log.info({ url: server.url }, 'the demo Prometheus serves 29 days of demo metrics for the SLOs');
}
