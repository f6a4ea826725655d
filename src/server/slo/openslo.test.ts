// OpenSLO documents → resolved SLOs → Prometheus rules, with no Prometheus (promtool runs in
// rules.system.test.ts): bad documents named by file, line and field; the demo's SLOs; and
// Sloth's getting-started SLO, whose generated thresholds and windows Tally's must equal.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sharedPath } from '../testing/shared.ts';
import { generateRules, readSlos } from './generate.ts';
import { burnFactor, defaultConditions, DEFAULT_WINDOWS } from './slo-set.ts';
import { parseDuration } from './duration.ts';
import { recordName, ruleWindows } from './rules.ts';

const DATA = join(import.meta.dirname, 'testdata');
const DEMO = join(import.meta.dirname, '..', '..', '..', 'examples', 'acme', 'slos', 'payments.yaml');
const sloth = (...p: string[]) => sharedPath('corpora', 'sloth-examples', ...p);
const offline = { checkPromql: false } as const;

describe('OpenSLO documents', () => {
  it('refuses an SLO without a window, an objective outside (0, 100) and an unknown SLI, naming file, line and field', async () => {
    const { slos, problems } = await readSlos([join(DATA, 'bad.yaml')], offline);
    expect(slos).toEqual([]);
    const file = join(DATA, 'bad.yaml');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file, doc: 0, line: 7, field: 'spec.timeWindow', message: expect.stringContaining('needs a time window') }),
        expect.objectContaining({ file, doc: 1, line: 23, field: 'spec.objectives[0].targetPercent', message: 'targetPercent 100 is outside (0, 100)' }),
        expect.objectContaining({ file, doc: 2, line: 31, field: 'spec.indicatorRef', message: 'no SLI named "no-such-sli" in the sources' }),
      ]),
    );
  });

  it('reads the demo: a ratio SLI by reference through a DataSource, and a threshold SLI over a histogram', async () => {
    const { slos, problems } = await readSlos([DEMO], offline);
    expect(problems).toEqual([]);
    expect(slos.map((s) => [s.name, s.indicator.kind, s.server, s.window.seconds / 86_400, s.targetPercent])).toEqual([
      ['payments-availability', 'ratio', 'default', 28, 99.9],
      ['payments-latency', 'threshold', 'default', 28, 99],
      ['payments-fast', 'ratio', 'default', 28, 99],
    ]);
    expect(slos[1]).toMatchObject({ op: 'lte', threshold: 0.3, timeSliceSeconds: 60, budget: expect.closeTo(0.01, 12) });
  });

  it('writes rules with human names, runbook_url, summary, description and the service labels', async () => {
    const out = await generateRules([DEMO], offline);
    expect(out.problems).toEqual([]);
    const doc = parse([...out.rules!].join('')) as { groups: { name: string; rules: Record<string, unknown>[] }[] };
    const alerts = doc.groups.flatMap((g) => g.rules).filter((r) => r.alert);
    expect(alerts.map((a) => a.alert)).toEqual(['PaymentsAvailabilityErrorBudgetBurningFast', 'PaymentsAvailabilityErrorBudgetBurningSteadily', 'PaymentsLatencyErrorBudgetBurningFast', 'PaymentsLatencyErrorBudgetBurningSteadily', 'PaymentsFastErrorBudgetBurningFast', 'PaymentsFastErrorBudgetBurningSteadily']);
    for (const a of alerts) expect(Object.keys(a.annotations as object).sort()).toEqual(['description', 'runbook_url', 'summary']);
    const recording = doc.groups[0].rules[0];
    expect(recording).toMatchObject({ record: 'tally:slo_error_ratio:rate5m', labels: { slo: 'payments-availability', service: 'payments', team: 'team-payments' } });
    expect(recording.expr).toBe('(sum(rate(http_requests_total{job="payments",code=~"5.."}[5m])))\n/\n(sum(rate(http_requests_total{job="payments"}[5m])))');
    const latency = doc.groups.find((g) => g.name === 'tally-slo-payments-latency-error-ratios')!.rules[0];
    expect(latency.expr).toBe('1 - avg_over_time(((histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="payments"}[5m])))) <= bool 0.3)[5m:1m])');
  });

  it('asks for a runbook when neither the SLO nor --runbook-base gives one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-slo-'));
    const file = join(dir, 'no-runbook.yaml');
    writeFileSync(file, readFileSync(join(DATA, 'myservice.yaml'), 'utf8').replace(/ {2}annotations:\n.*\n/, ''));
    const refused = await generateRules([file], offline);
    expect(refused.rules).toBeUndefined();
    expect(refused.problems).toEqual([expect.objectContaining({ file, field: 'metadata.annotations', message: expect.stringContaining('has no runbook') })]);
    const based = await generateRules([file], { ...offline, runbookBase: 'https://runbooks.example/slo/' });
    expect([...based.rules!].join('')).toContain('runbook_url: https://runbooks.example/slo/requests-availability');
    rmSync(dir, { recursive: true });
  });
});

/** Sloth's alerts → per severity, the (short, long, factor, budget) of each window pair. */
function slothConditions(): Record<string, { short: string; long: string; factor: number; budget: number }[]> {
  const doc = parse(readFileSync(sloth('getting-started.generated.yml'), 'utf8')) as { groups: { rules: { alert?: string; expr: string; labels: Record<string, string> }[] }[] };
  const out: Record<string, { short: string; long: string; factor: number; budget: number }[]> = {};
  for (const r of doc.groups.flatMap((g) => g.rules).filter((x) => x.alert)) {
    const terms = [...r.expr.matchAll(/ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \* ([\d.e-]+)\)/g)].map((m) => ({ window: m[1], factor: Number(m[2]), budget: Number(m[3]) }));
    const pairs = [];
    for (let i = 0; i < terms.length; i += 2) pairs.push({ short: terms[i].window, long: terms[i + 1].window, factor: terms[i].factor, budget: terms[i].budget });
    out[r.labels.sloth_severity] = pairs;
  }
  return out;
}

describe("Sloth's getting-started SLO", () => {
  it("gets the same burn-rate thresholds, window pairs and budget as Sloth's generated rules", async () => {
    const { slos } = await readSlos([join(DATA, 'myservice.yaml')], offline);
    const slo = slos[0];
    const expected = slothConditions();
    expect(Object.keys(expected).sort()).toEqual(['page', 'ticket']);
    for (const severity of ['page', 'ticket']) {
      const ours = slo.conditions.filter((c) => c.severity === severity).map((c) => ({ short: recordName(c.shortSeconds).split(':rate')[1], long: recordName(c.longSeconds).split(':rate')[1], factor: c.factor, budget: slo.budget }));
      expect(ours).toEqual(expected[severity]);
    }
    // Sloth records the error ratio over these windows; Tally over the same ones.
    const slothWindows = [...readFileSync(sloth('getting-started.generated.yml'), 'utf8').matchAll(/record: slo:sli_error:ratio_rate(\w+)/g)].map((m) => m[1]).filter((w) => w !== '30d');
    expect(ruleWindows(slo).map((s) => recordName(s).split(':rate')[1])).toEqual(slothWindows);
  });

  it("scales the factors to a 28-day window as Sloth's google-28d windows say (13.44, 5.6, 2.8, 0.93)", () => {
    for (const period of ['google-30d.yaml', 'google-28d.yaml']) {
      const spec = (parse(readFileSync(sloth('windows', period), 'utf8')) as { spec: Record<string, Record<string, { errorBudgetPercent: number; shortWindow: string; longWindow: string }>> & { sloPeriod: string } }).spec;
      const seconds = parseDuration(spec.sloPeriod)!;
      const theirs = ['page', 'ticket'].flatMap((sev) => ['quick', 'slow'].map((speed) => ({ severity: sev, budgetPercent: spec[sev][speed].errorBudgetPercent, long: parseDuration(spec[sev][speed].longWindow)!, short: parseDuration(spec[sev][speed].shortWindow)! })));
      expect(DEFAULT_WINDOWS).toEqual(theirs);
      expect(defaultConditions(seconds).map((c) => c.factor)).toEqual(theirs.map((w) => burnFactor(w, seconds)));
    }
    expect(defaultConditions(28 * 86_400).map((c) => c.factor)).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
    expect(defaultConditions(30 * 86_400).map((c) => c.factor)).toEqual([14.4, 6, 3, 1]);
  });
});
