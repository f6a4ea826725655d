// Alert statistics and the dashboard (issue 16, items 8 and 9; the issue names no target, these
// are ours): the statistics of 1,000 alert series over 28 days at the route's step plus 10,000
// pages (pure) < 1 s; the same window read from Debian's prometheus on loopback (one query_range
// of ALERTS, 100 series backfilled with promtool) < 2 s; grouping 5,000 Alertmanager alerts by
// team and service over a catalog of 2,000 components < 200 ms.
import type { CatalogSnapshot } from '../src/server/catalog/index.ts';
import { firingSeries, stepFor } from '../src/server/alerts/alert-series.ts';
import { alertDashboard } from '../src/server/alerts/dashboard.ts';
import { alertStats, type AlertPage } from '../src/server/alerts/stats.ts';
import { omLines, startPrometheus } from '../src/server/testing/prometheus.ts';
import { report, time } from './lib.ts';

const DAYS = 28;
const END = Math.floor(Date.now() / 3_600_000) * 3600;
const START = END - DAYS * 86_400;

/** Every series fires for 30 minutes every `every` hours (offset per series). */
function firingSamples(i: number, step: number, every: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = START + (i % every) * 3600; t < END; t += every * 3600) for (let s = 0; s < 1800; s += step) out.push([t + s, 1]);
  return out;
}

async function pureStats(): Promise<void> {
  const step = stepFor(END - START);
  const series = Array.from({ length: 1000 }, (_, i) => ({ labels: { alertname: `Alert${i % 300}`, instance: `i${i}`, service: `s${i % 200}`, team: `t${i % 20}` }, samples: firingSamples(i, step, 6) }));
  const pages: AlertPage[] = Array.from({ length: 10_000 }, (_, i) => ({ alert: `Alert${i % 300}`, service: null, triggeredAt: '', acknowledged: i % 3 !== 0, offHours: i % 4 === 0, assignees: [`user:default/u${i % 60}`] }));
  const r = await time(() => alertStats(series, pages, { start: START, end: END, step, flapSeconds: 3600 }));
  report({ bench: 'alerts', metric: 'statistics: 1,000 series × 28 d + 10,000 pages (pure)', value: r.ms, unit: 'ms', target: '< 1000', ok: r.ms < 1000 });
  if (r.value.alerts.length !== 300) throw new Error(`expected 300 alerts, got ${r.value.alerts.length}`);
}

async function fromPrometheus(): Promise<void> {
  let om = '';
  for (let i = 0; i < 100; i++) om += omLines('ALERTS', { alertname: `Alert${i % 30}`, alertstate: 'firing', instance: `i${i}` }, firingSamples(i, 60, 6));
  const setup = await time(() => startPrometheus(`${om}# EOF\n`));
  report({ bench: 'alerts', metric: 'set-up: backfill 100 ALERTS series × 28 d, start Prometheus', value: setup.ms, unit: 'ms' });
  const prom = setup.value;
  try {
    const step = stepFor(END - START);
    const deps = { fetch, timeoutMs: 60_000, prometheus: { default: { url: prom.url } } };
    // The first query reads the backfilled blocks from disk; the second is what a page reload costs.
    for (const run of ['first', 'second']) {
      const r = await time(() => firingSeries(deps, 'default', { start: START, end: END, step }));
      report({ bench: 'alerts', metric: `statistics from Prometheus (${run} query): 100 series × 28 d, step ${step} s`, value: r.ms, unit: 'ms', target: '< 2000', ok: r.ms < 2000 });
      if (r.value.length !== 100) throw new Error(`expected 100 series, got ${r.value.length}`);
    }
  } finally {
    await prom.close();
  }
}

async function dashboard(): Promise<void> {
  const entities = Array.from({ length: 2000 }, (_, i) => ({ ref: `component:default/s${i}`, kind: 'component', name: `s${i}`, owner: `group:default/t${i % 40}`, type: 'service', system: null, tier: null, entity: {} })) as unknown as CatalogSnapshot['entities'];
  const catalog = { generation: '1', entities, relations: [], byRef: new Map() } as CatalogSnapshot;
  const alerts = Array.from({ length: 5000 }, (_, i) => ({ labels: { alertname: `Alert${i % 400}`, service: `s${i % 2500}`, severity: 'page', instance: `i${i}` }, annotations: { summary: 'x' }, fingerprint: `f${i}`, startsAt: new Date(END * 1000 - i * 1000).toISOString(), status: { state: i % 10 ? 'active' : 'suppressed', silencedBy: i % 10 ? [] : ['s1'], inhibitedBy: [] } }));
  const r = await time(() => alertDashboard({ alerts, silences: [] }, catalog, 'http://am'));
  report({ bench: 'alerts', metric: 'dashboard: group 5,000 alerts over 2,000 components', value: r.ms, unit: 'ms', target: '< 200', ok: r.ms < 200 });
}

export async function alertsBench(): Promise<void> {
  await pureStats();
  await dashboard();
  await fromPrometheus();
}
