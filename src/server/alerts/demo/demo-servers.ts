// The demo's alert sources, active only with `server.demo`: when `alerts.prometheus` names a
// loopback Prometheus nobody answers on, Debian's `prometheus` is started there over 28 days of
// backfilled demo ALERTS series (the statistics); when `alerts.alertmanager` is a loopback URL
// nobody answers on, Debian's `prometheus-alertmanager` is started there and given a few alerts
// firing now and a silence (the dashboard). Both stop with the Tally process. Without the
// binaries the Alerts page says it could not read them — as with any unreachable server.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDeps } from '../../platform/deps.ts';
import { startDemoProcess } from '../../platform/demo-process.ts';
import { demoAlertsOpenMetrics } from './series.ts';

type Deps = Pick<AppDeps, 'config' | 'log' | 'clock'>;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const run = (bin: string, args: string[]) => new Promise<void>((resolve, reject) => execFile(bin, args, { maxBuffer: 16 * 1024 * 1024 }, (err, _o, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve())));

/** The loopback host and port of a URL nobody answers on yet, else undefined. */
async function freeLoopback(raw: string | undefined): Promise<{ host: string; port: string } | undefined> {
  if (!raw) return undefined;
  const url = new URL(raw);
  if (!LOOPBACK.has(url.hostname) || !url.port) return undefined;
  const answering = await fetch(new URL('/-/ready', url)).then(() => true, () => false);
  return answering ? undefined : { host: url.hostname, port: url.port };
}


export async function startDemoAlertsPrometheus(deps: Deps): Promise<void> {
  const at = await freeLoopback(deps.config.checks.prometheus[deps.config.alerts.prometheus]?.url);
  if (!at) return;
  const dir = mkdtempSync(join(tmpdir(), 'tally-demo-alerts-'));
  try {
    writeFileSync(join(dir, 'alerts.om'), demoAlertsOpenMetrics(Math.floor(deps.clock().getTime() / 60_000) * 60));
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
    await run('nice', ['-n', '19', 'promtool', 'tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', join(dir, 'alerts.om'), join(dir, 'data')]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    deps.log.warn({ err: (err as Error).message }, 'the demo alerts Prometheus could not be prepared (is Debian\'s prometheus package installed?)');
    return;
  }
  startDemoProcess(deps.log, 'prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${at.host}:${at.port}`, '--storage.tsdb.retention.time=400d'], dir, 'alerts Prometheus');
  deps.log.info({ port: at.port }, 'the demo Prometheus serves 28 days of demo ALERTS series for the alert statistics');
}

const FIRING_NOW = [
  { labels: { alertname: 'CheckoutErrorBudgetBurningFast', service: 'checkout', severity: 'page' }, annotations: { summary: 'Checkout burns its error budget 14 times too fast' } },
  { labels: { alertname: 'SearchIndexerLagAboveFiveMinutes', service: 'search-indexer', severity: 'ticket' }, annotations: { summary: 'Search results are more than 5 minutes behind the catalog' } },
  { labels: { alertname: 'PaymentsPspTimeouts', service: 'psp-adapter', severity: 'page' }, annotations: { summary: 'The payment provider times out on 3 % of calls' } },
  { labels: { alertname: 'NodeDiskWillFillWithinFourHours', team: 'team-platform', instance: 'db-3', severity: 'warning' }, annotations: { summary: '/var/lib/postgresql on db-3 fills within 4 hours' } },
];

export async function startDemoAlertmanager(deps: Deps): Promise<void> {
  const url = deps.config.alerts.alertmanager?.url;
  const at = await freeLoopback(url);
  if (!at || !url) return;
  const dir = mkdtempSync(join(tmpdir(), 'tally-demo-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
  startDemoProcess(deps.log, 'prometheus-alertmanager', [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=${at.host}:${at.port}`, '--cluster.listen-address=', '--log.level=warn'], dir, 'Alertmanager');
  const base = url.replace(/\/+$/, '');
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${base}/-/ready`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) return deps.log.warn('the demo Alertmanager did not become ready (is Debian\'s prometheus-alertmanager installed?)');
    await new Promise((r) => setTimeout(r, 250));
  }
  const now = deps.clock().getTime();
  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const ends = new Date(now + 7 * 86_400_000).toISOString();
  await post('/api/v2/alerts', FIRING_NOW.map((a, i) => ({ ...a, startsAt: new Date(now - (i + 1) * 37 * 60_000).toISOString(), endsAt: ends, generatorURL: 'http://prometheus.acme.example/alerts' })));
  await post('/api/v2/silences', { matchers: [{ name: 'alertname', value: 'SearchIndexerLagAboveFiveMinutes', isRegex: false, isEqual: true }], startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), createdBy: 'dana@acme.example', comment: 'Reindex running after the catalog migration; lag expected until tomorrow' });
  deps.log.info({ url }, 'the demo Alertmanager shows a few alerts firing now');
}
