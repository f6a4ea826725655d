import { testHost } from '../../testing/host.ts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGrading, type Grading } from '../../checks/index.ts';
import { testGrading } from '../testing.ts';
import type { CheckType } from '../../checks/index.ts';
import { parseScorecard } from './document.ts';
import { req, scorecard } from '../testing.ts';

const doc = (spec: Record<string, unknown>) => ({ apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name: 'prod' }, spec });
const problemsOf = (spec: Record<string, unknown>, fromApi = false, grading: Grading = testGrading) =>
  parseScorecard(doc(spec), { file: 'sc.yaml', doc: 1 }, { fromApi, grading }).problems.map((p) => `${p.file}:${p.doc}: ${p.field}: ${p.message}`);

describe('parseScorecard', () => {
  it('applies defaults', () => {
    const sc = scorecard({ requirements: [req('owner', 10)] });
    expect(sc.spec.grades).toEqual({ 'A+': 97, A: 90, B: 80, C: 70, D: 60 });
    expect(sc.spec.warnCredit).toBe(0.5);
    expect(sc.spec.requirements[0].category).toBe('general');
    expect(sc.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('names file, doc and field for duplicate ids and bad weights, all at once', () => {
    const ps = problemsOf({ requirements: [req('a', 1), req('a', 0), req('b', 1001)] });
    expect(ps).toContain("sc.yaml:1: spec.requirements[1].id: duplicate requirement id 'a'");
    expect(ps).toContain('sc.yaml:1: spec.requirements[1].weight: must be greater than 0');
    expect(ps.some((p) => p.startsWith('sc.yaml:1: spec.requirements[2].weight:'))).toBe(true);
  });

  it('an unknown check type names the check type field', () => {
    const ps = problemsOf({ requirements: [req('a', 1), req('b', 1), req('c', 1), { ...req('d', 1), check: { type: 'nope' } }] });
    expect(ps).toEqual([expect.stringMatching(/^sc\.yaml:1: spec\.requirements\[3\]\.check\.type: unknown check type 'nope'/)]);
  });

  it('validates the check with its own schema and compile()', () => {
    const ps = problemsOf({ requirements: [{ ...req('a', 1), check: { type: 'expr', expr: 'tier ==' } }, { ...req('b', 1), check: { type: 'expr' } }] });
    expect(ps[0]).toMatch(/spec\.requirements\[0\]\.check\.expr: CEL syntax error: .*line 1, column 8/);
    expect(ps[1]).toMatch(/spec\.requirements\[1\]\.check\.expr:/);
  });

  it('refuses command checks from the API, accepts them from files', () => {
    const command: CheckType = { type: 'command', schema: z.looseObject({ type: z.literal('command') }), allowedFromApi: false, evaluate: () => ({ state: 'pass', message: '' }) };
    const types = createGrading([...[...testGrading.checkTypes.values()].filter((t) => t.type !== 'command'), command], testGrading.providers);
    const spec = { requirements: [{ ...req('a', 1), check: { type: 'command', run: ['true'] } }] };
    expect(problemsOf(spec, true, types)).toEqual([expect.stringMatching(/spec\.requirements\[0\]\.check\.type: 'command' checks may only come from files/)]);
    expect(problemsOf(spec, false, types)).toEqual([]);
  });

  it('validates grades, warnCredit, schedule, gate, enforceFrom, freshness and selectors', () => {
    const ps = problemsOf({
      grades: { A: 98 },
      warnCredit: 2,
      schedule: 'every tuesday',
      appliesTo: { kind: 'Component', colour: 'red' },
      requirements: [{ ...req('a', 1), gate: 'E', enforceFrom: 'soon', freshness: '3 months' }],
    });
    const fields = ps.map((p) => p.split(': ')[1]);
    expect(fields).toEqual(expect.arrayContaining(['spec.grades', 'spec.warnCredit', 'spec.schedule', 'spec.appliesTo', 'spec.requirements[0].gate', 'spec.requirements[0].enforceFrom', 'spec.requirements[0].freshness']));
  });

  it('accepts short and ISO durations, dates and one-or-many selectors', () => {
    const sc = scorecard({
      appliesTo: { kind: 'Component', tier: [1, '2'] },
      schedule: '0 */6 * * *',
      requirements: [req('a', 1, { freshness: '30d', enforceFrom: '2025-07-01' }), req('b', 1, { freshness: 'P30D' })],
    });
    expect(sc.spec.appliesTo).toEqual({ kind: ['Component'], tier: [1, 2] });
    expect(sc.spec.requirements[0].enforceFrom).toBe('2025-07-01T00:00:00Z');
  });
});

describe('rubric version', () => {
  it('is stable under key reordering and changes with a weight', () => {
    const a = scorecard({ warnCredit: 0.5, requirements: [{ id: 'a', title: 'A', weight: 5, check: { type: 'expr', expr: 'true' } }] });
    const b = scorecard({ requirements: [{ check: { expr: 'true', type: 'expr' }, weight: 5, title: 'A', id: 'a' }] });
    const c = scorecard({ requirements: [{ id: 'a', title: 'A', weight: 6, check: { type: 'expr', expr: 'true' } }] });
    expect(a.version).toBe(b.version);
    expect(c.version).not.toBe(a.version);
  });
});

describe('docs/scorecards.md', () => {
  it('the full example parses without problems', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parse } = await import('yaml');
    const md = await readFile(new URL('../../../../docs/scorecards.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(md)![1];
    const { scorecard: sc, problems } = parseScorecard(parse(example), { file: 'docs/scorecards.md' }, { fromApi: true, grading: testHost.grading });
    expect(problems).toEqual([]);
    expect(sc!.spec.requirements.map((r) => r.id)).toEqual(['owner', 'tier-declared', 'no-cycles', 'backups-restored', 'bus-drill']);
  });
});
