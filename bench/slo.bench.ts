// Issue 16 targets: lint 10,000 alerting rules < 1 s; rules (and their promtool tests) for 1,000
// SLOs < 1 s; budgets for 1,000 SLOs from a local Prometheus < 10 s.
//
// The lint reads one generated rule file of 10,000 alerts (good ones and each kind of fault) from
// text: YAML with positions, then every check. The rules figure parses 1,000 OpenSLO documents,
// resolves them and writes the rules and unit-test YAML (promtool itself is not timed). The budget
// figure starts Debian's prometheus over 29 days of backfilled demo metrics (the demo's payments
// service) and asks it for 1,000 SLOs over 28 days as the list does (one instant query each), then
// as each SLO's page does (that and the chart's query_range, 1,344 samples each).
import { parseRuleFile } from '../src/server/alerts/rule-file.ts';
import { lintRules } from '../src/server/alerts/lint.ts';
import { fetchBudgets } from '../src/server/slo/budget.ts';
import { demoOpenMetrics } from '../src/server/slo/demo/series.ts';
import { generateRules } from '../src/server/slo/generate.ts';
import { startPrometheus } from '../src/server/testing/prometheus.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report, time } from './lib.ts';

/** CPU milliseconds of this process while fn runs: on a machine others share, the wall figure includes waiting for a core. */
async function cpuOf<T>(fn: () => Promise<T> | T): Promise<{ cpuMs: number; value: T }> {
  const before = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, value };
}

/** CPU milliseconds Prometheus (listening on `url`) has used so far, from /proc; undefined when not found. */
function prometheusCpuMs(url: string): number | undefined {
  try {
    const pid = execFileSync('pgrep', ['-f', `web.listen-address=127.0.0.1:${new URL(url).port}`]).toString().trim().split('\n')[0];
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const RULES = 10_000;
const SLOS = 1_000;

function ruleFile(n: number): string {
  const lines = ['groups:', '  - name: bench', '    rules:'];
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    lines.push(`      - alert: ${kind === 0 ? `Alert${i}` : `ServiceNumber${i}ErrorsAboveOnePercent`}`);
    lines.push(`        expr: ${kind === 1 ? 'node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1' : `sum(rate(http_requests_total{job="s${i}",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="s${i}"}[5m])) > 0.01`}`);
    if (kind !== 0) lines.push('        for: 5m', '        labels:', `          severity: ${kind === 3 ? 'sev9' : 'page'}`, `          team: team-${i % 50}`, '        annotations:', `          summary: Service ${i} fails more than 1 % of requests`, `          description: More than 1 % of requests of service ${i} answered 5xx over 5 minutes.`, `          runbook_url: https://runbooks.example/s${i}`);
  }
  return `${lines.join('\n')}\n`;
}

export function sloDocs(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const threshold = i % 5 === 0;
    const indicator = threshold
      ? `thresholdMetric: { metricSource: { type: Prometheus, spec: { query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="payments"}[5m])))' } } }`
      : `ratioMetric: { counter: true, bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{job="payments",code=~"5.."}' } } }, total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{job="payments"}' } } } }`;
    const objective = threshold ? '{ op: lte, value: 0.3, target: 0.99, timeSliceWindow: 5m }' : `{ targetPercent: ${(99 + (i % 9) / 10).toFixed(1)} }`;
    docs.push(`apiVersion: openslo/v1
kind: SLO
metadata: { name: slo-${i}, labels: { team: team-${i % 50} }, annotations: { tally.dev/runbook: 'https://runbooks.example/slo-${i}' } }
spec:
  service: payments
  indicator: { metadata: { name: sli-${i} }, spec: { ${indicator} } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  objectives: [${objective}]`);
  }
  return docs.join('\n---\n');
}

export async function sloBench(): Promise<void> {
  const text = ruleFile(RULES);
  const lint = await time(() => lintRules(parseRuleFile(text, 'bench.rules.yaml').rules));
  report({ bench: 'slo', metric: `alerts lint: ${RULES.toLocaleString('en')} rules (parse + every check)`, value: lint.ms, unit: 'ms', target: '< 1000', ok: lint.ms < 1000 });
  if (lint.value.summary.alerts !== RULES) throw new Error(`linted ${lint.value.summary.alerts} alerts`);

  // The command's own path (`tally slo rules FILE --tests FILE`) but for promtool's check of the
  // SLI queries: read the file, parse, resolve, and write both files' chunks (here: counted).
  const dir = mkdtempSync(join(tmpdir(), 'tally-slo-bench-'));
  const docsFile = join(dir, 'slos.yaml');
  writeFileSync(docsFile, sloDocs(SLOS));
  const rulesCpu = await cpuOf(() =>
    time(async () => {
      const out = await generateRules([docsFile], { checkPromql: false });
      let chars = 0;
      for (const chunk of out.rules ?? []) chars += chunk.length;
      for (const chunk of out.tests ?? []) chars += chunk.length;
      return { slos: out.slos, chars, problems: out.problems };
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  const rules = rulesCpu.value;
  report({ bench: 'slo', metric: `slo rules: ${SLOS.toLocaleString('en')} SLOs → rules and unit tests (read, parse, resolve, YAML)`, value: rules.ms, unit: 'ms', target: '< 1000', ok: rules.ms < 1000 });
  report({ bench: 'slo', metric: '… the same, CPU time of this process', value: rulesCpu.cpuMs, unit: 'ms' });
  if (rules.value.slos.length !== SLOS || rules.value.problems.length) throw new Error(`resolved ${rules.value.slos.length} SLOs; ${rules.value.problems.length} problems`);
  report({ bench: 'slo', metric: '… text written (rules + tests)', value: rules.value.chars / 1e6, unit: 'M chars' });

  const end = Math.floor(Date.now() / 60_000) * 60;
  const prepared = await time(() => startPrometheus(demoOpenMetrics(end)));
  const prom = prepared.value;
  report({ bench: 'slo', metric: 'local Prometheus: backfill 29 days and start (set-up, no target)', value: prepared.ms, unit: 'ms' });
  try {
    const slos = rules.value.slos;
    const budgetDeps = { fetch, prometheus: { default: { url: prom.url } }, timeoutMs: 30_000 };
    // What GET /api/v1/slos and the slo check do: the figures only (one instant query per SLO).
    const promBefore = prometheusCpuMs(prom.url);
    const budgetsCpu = await cpuOf(() => time(() => fetchBudgets(budgetDeps, slos, new Date(end * 1000), 8, { samples: false })));
    const promAfter = prometheusCpuMs(prom.url);
    const budgets = budgetsCpu.value;
    const bad = budgets.value.filter((b) => b.state !== 'ok');
    if (bad.length) throw new Error(`${bad.length} budgets not ok, e.g. ${bad[0].message}`);
    report({ bench: 'slo', metric: `slo budgets: ${SLOS.toLocaleString('en')} SLOs × 28 d from local Prometheus (the list: figures only)`, value: budgets.ms, unit: 'ms', target: '< 10000', ok: budgets.ms < 10_000 });
    report({ bench: 'slo', metric: '… CPU time: Tally (this process)', value: budgetsCpu.cpuMs, unit: 'ms' });
    if (promBefore !== undefined && promAfter !== undefined) report({ bench: 'slo', metric: '… CPU time: Prometheus', value: promAfter - promBefore, unit: 'ms' });
    // What each SLO's page does: the figures and every sample of the budget chart.
    const chartBefore = prometheusCpuMs(prom.url);
    const chartsCpu = await cpuOf(() => time(() => fetchBudgets(budgetDeps, slos, new Date(end * 1000), 8)));
    const chartAfter = prometheusCpuMs(prom.url);
    const charts = chartsCpu.value;
    if (charts.value.some((b) => b.state !== 'ok')) throw new Error('budgets with charts not ok');
    const samples = charts.value.reduce((n, b) => n + b.samples.length, 0);
    report({ bench: 'slo', metric: `… the same with every chart sample (${samples.toLocaleString('en')} samples)`, value: charts.ms, unit: 'ms' });
    report({ bench: 'slo', metric: '… CPU time: Tally (this process)', value: chartsCpu.cpuMs, unit: 'ms' });
    if (chartBefore !== undefined && chartAfter !== undefined) report({ bench: 'slo', metric: '… CPU time: Prometheus', value: chartAfter - chartBefore, unit: 'ms' });
  } finally {
    await prom.close();
  }
}
