// A real Alertmanager (Debian's `prometheus-alertmanager`) on loopback for system tests: a route
// to a receiver that sends nowhere, alerts and silences posted through its API v2, stopped when
// the test is done.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startReadyProgram } from './program.ts';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export interface TestAlertmanager {
  url: string;
  /** Posts alerts to /api/v2/alerts (each `{ labels, annotations?, startsAt? }`). */
  postAlerts(alerts: { labels: Record<string, string>; annotations?: Record<string, string>; startsAt?: string }[]): Promise<void>;
  /** Creates a silence (equality matchers) for an hour; answers its id. */
  silence(matchers: Record<string, string>, comment: string): Promise<string>;
  close(): Promise<void>;
}

export async function startAlertmanager(): Promise<TestAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const program = await startReadyProgram('alertmanager', ALERTMANAGER_BIN, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'], { readyUrl: `${url}/-/ready`, dir });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`alertmanager ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json().catch(() => undefined) as Promise<unknown>;
  };
  return {
    url,
    async postAlerts(alerts) {
      const ends = new Date(Date.now() + 3_600_000).toISOString();
      await post('/api/v2/alerts', alerts.map((a) => ({ annotations: {}, ...a, endsAt: ends, generatorURL: 'http://prometheus.test/graph' })));
    },
    async silence(matchers, comment) {
      const now = Date.now();
      const body = { matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })), startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), createdBy: 'test', comment };
      return ((await post('/api/v2/silences', body)) as { silenceID: string }).silenceID;
    },
    close: program.stop,
  };
}
