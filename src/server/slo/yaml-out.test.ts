// The rule writer's YAML reads back as the same values (js-yaml, a full YAML parser), whatever
// the strings hold: PromQL over several lines, YAML syntax, words YAML would read as booleans.
import jsYaml from 'js-yaml';
import { expect, it } from 'vitest';
import { toYaml, yamlChunks } from './yaml-out.ts';

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

it('streams a file in chunks whose text, joined, is toYaml of the whole', () => {
  const shared = { team: 'payments', slo: 'a' };
  const item = (i: number) => ({ name: `t-${i}`, labels: shared, expr: `sum(x)\n/\n(y${i})`, alerts: i % 2 ? [] : [{ exp_labels: shared }] });
  const batches = [[item(0), item(1)], [], [item(2)]];
  const chunks = [...yamlChunks({ rule_files: ['r.yaml'], interval: '1m' }, 'tests', batches)];
  expect(chunks.length).toBe(3);
  expect(chunks.join('')).toBe(toYaml({ rule_files: ['r.yaml'], interval: '1m', tests: batches.flat() }));
  expect([...yamlChunks({}, 'groups', [[], []])].join('')).toBe(toYaml({ groups: [] }));
  expect([...yamlChunks({}, 'groups', [[item(3)]])].join('')).toBe(toYaml({ groups: [item(3)] }));
});
