// What `tally slo rules` writes passes Prometheus's own tools: `promtool check rules` accepts the
// rules and `promtool test rules` passes the generated unit tests (the demo's SLOs and Sloth's
// getting-started SLO as OpenSLO). PromQL that Prometheus rejects is refused naming the field.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../main.ts';
import { bufferIo } from '../platform/cli/io.ts';
import { runPromtool } from './promql.ts';

const DATA = join(import.meta.dirname, 'testdata');
const DEMO = join(import.meta.dirname, '..', '..', '..', 'examples', 'acme', 'slos', 'payments.yaml');
const dir = mkdtempSync(join(tmpdir(), 'tally-slo-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tally slo rules, judged by promtool', () => {
  for (const [name, file] of [['demo', DEMO], ['sloth-getting-started', join(DATA, 'myservice.yaml')]] as const) {
    it(`${name}: promtool check rules accepts the output and the generated unit tests pass`, async () => {
      const io = bufferIo();
      const tests = join(dir, `${name}.tests.yaml`);
      expect(await run(['slo', 'rules', file, '--tests', tests, '--rule-file', `${name}.rules.yaml`], io)).toBe(0);
      writeFileSync(join(dir, `${name}.rules.yaml`), io.out());
      const check = await runPromtool(['check', 'rules', `${name}.rules.yaml`], { cwd: dir });
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toMatch(/SUCCESS: \d+ rules found/);
      const test = await runPromtool(['test', 'rules', `${name}.tests.yaml`], { cwd: dir });
      expect(test.code, test.stdout + test.stderr).toBe(0);
      expect(readFileSync(tests, 'utf8')).toContain('exp_alerts');
    });
  }

  it('the generated tests can fail: a threshold changed in the rules makes promtool test rules fail', async () => {
    const io = bufferIo();
    const tests = join(dir, 'mutant.tests.yaml');
    await run(['slo', 'rules', DEMO, '--tests', tests, '--rule-file', 'mutant.rules.yaml'], io);
    writeFileSync(join(dir, 'mutant.rules.yaml'), io.out().replaceAll('(13.44 * ', '(30 * '));
    const test = await runPromtool(['test', 'rules', 'mutant.tests.yaml'], { cwd: dir });
    expect(test.code).toBe(1);
    expect(test.stdout + test.stderr).toContain('PaymentsAvailabilityErrorBudgetBurningFast');
  });

  it('refuses PromQL that Prometheus rejects, naming file, line and field; nothing is written', async () => {
    const bad = join(dir, 'bad-promql.yaml');
    writeFileSync(bad, readFileSync(join(DATA, 'myservice.yaml'), 'utf8').replace('sum(rate(http_request_duration_seconds_count{job="myservice"}[{{window}}]))', 'sum(rate(http_request_duration_seconds_count{job="myservice"[{{window}}]))'));
    const io = bufferIo();
    expect(await run(['slo', 'rules', bad], io)).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(new RegExp(`${bad}:30:\\d+: spec.indicator.spec.ratioMetric.total.metricSource.spec.query: Prometheus rejects this PromQL: 1:\\d+: parse error`));
  });
});
