// `promtool test rules` unit tests for the alerts rules.ts writes. The recorded error ratios are
// given as input series (the SLI's raw metrics are absent, so the recording rules add nothing),
// and each test says which alert must fire — with every label and annotation — and which must not:
// - each condition alone, both windows over its threshold: that severity fires, the others do not;
// - the short window alone over it (a spike that already stopped): nothing fires;
// - every window at half the slowest threshold: nothing fires.
import { batched, yamlChunks } from './yaml-out.ts';
import type { BurnCondition } from './openslo.ts';
import { alertRule, recordName, ruleWindows, sloLabels, SLOS_PER_CHUNK, type RuleGroup } from './rules.ts';
import type { ResolvedSlo } from './slo-set.ts';

interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}
interface TestCase {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: AlertTest[];
}

const seriesText = (name: string, labels: Record<string, string>) => `${name}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;

export function sloRuleTests(slo: ResolvedSlo, runbook: string): TestCase[] {
  const labels = sloLabels(slo);
  const windows = ruleWindows(slo);
  const severities = [...new Set(slo.conditions.map((c) => c.severity))];
  // Each severity's alert and expected firing, built once and shared by every case (the YAML writer reuses their text).
  const expected = new Map(
    severities.map((sev) => {
      const rule = alertRule(slo, sev, slo.conditions.filter((c) => c.severity === sev), runbook);
      return [sev, { alert: rule.alert, firing: [{ exp_labels: { ...labels, ...rule.labels }, exp_annotations: rule.annotations }] }];
    }),
  );
  const names = windows.map((s) => seriesText(recordName(s), labels));
  // Values constant for the test's 10 minutes; evaluated at 5m.
  const series = (value: (seconds: number) => number) => windows.map((s, i) => ({ series: names[i], values: `${value(s)}x10` }));
  const expect = (firing: string | undefined): AlertTest[] =>
    severities.map((sev) => {
      const e = expected.get(sev)!;
      return { eval_time: '5m', alertname: e.alert, exp_alerts: sev === firing ? e.firing : [] };
    });
  const over = (c: BurnCondition) => Number((c.factor * slo.budget * 1.5).toPrecision(6));
  const cases: TestCase[] = slo.conditions.map((c) => ({
    name: `${slo.name}: ${c.severity} fires when ${c.factor}x burns over ${recordName(c.longSeconds)} and ${recordName(c.shortSeconds)}`,
    interval: '1m',
    input_series: series((s) => (s === c.longSeconds || s === c.shortSeconds ? over(c) : 0)),
    alert_rule_test: expect(c.severity),
  }));
  const first = slo.conditions[0];
  cases.push({
    name: `${slo.name}: a spike in ${recordName(first.shortSeconds)} alone pages nobody`,
    interval: '1m',
    input_series: series((s) => (s === first.shortSeconds ? over(first) : 0)),
    alert_rule_test: expect(undefined),
  });
  const slowest = Math.min(...slo.conditions.map((c) => c.factor));
  cases.push({
    name: `${slo.name}: burning at half the slowest alerting rate fires nothing`,
    interval: '1m',
    input_series: series(() => Number(((slowest * slo.budget) / 2).toPrecision(6))),
    alert_rule_test: expect(undefined),
  });
  return cases;
}

/** The whole test file for `promtool test rules`, naming the rule file it tests, as chunks to write one after the other. */
export function ruleTestsYamlChunks(ruleFile: string, slos: readonly ResolvedSlo[], runbookOf: (slo: ResolvedSlo) => string): Generator<string> {
  return yamlChunks({ rule_files: [ruleFile], evaluation_interval: '1m' }, 'tests', batched(slos, SLOS_PER_CHUNK, (s) => sloRuleTests(s, runbookOf(s))));
}

export type { RuleGroup };
