// The rule writer's YAML reads back as the same values (js-yaml, a full YAML parser), whatever
// the strings hold: PromQL over several lines, YAML syntax, words YAML would read as booleans.
import jsYaml from 'js-yaml';
import { expect, it } from 'vitest';
import { toYaml } from './yaml-out.ts';

it('writes values that read back unchanged, PromQL as literal blocks', () => {
  const value = {
    groups: [{ name: 'g-1', rules: [{ record: 'tally:slo_error_ratio:rate5m', expr: '(sum(rate(x{a="b"}[5m])))\n/\n(x)', labels: { team: 'yes', slo: 'a: b', n: '1.5', e: '', t: 'ends:', h: 'x # y', u: 'Über – ×' } }] }],
    tests: [{ name: 't', values: '0+0x60', exp_alerts: [], labels: {} }],
    n: 3,
    f: 0.5,
    b: true,
  };
  const text = toYaml(value);
  expect(jsYaml.load(text)).toEqual(value);
  expect(text).toContain('    expr: |-\n      (sum(rate(x{a="b"}[5m])))\n      /\n      (x)\n');
  expect(text).toContain('  - record: tally:slo_error_ratio:rate5m\n');
});
