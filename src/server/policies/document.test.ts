import { describe, expect, it } from 'vitest';
import { checkPolicySet, parsePolicy } from './document.ts';
import { demoDocument, demoPolicy, mustParse } from './testing.ts';

const at = { file: 'policies.yaml', doc: 2 };
function problemsOf(mutate: (doc: any) => void) {
  const doc = demoDocument();
  mutate(doc);
  return parsePolicy(doc, at).problems;
}

describe('parsePolicy', () => {
  it('parses the demo policy into days, minutes and freezes', () => {
    const p = demoPolicy();
    expect(p.name).toBe('deploy-by-grade');
    expect(p.ungraded).toBe('D');
    expect(p.grades.C.deploy).toEqual({ windows: [{ days: [1, 2, 3, 4], from: 480, to: 1080 }] });
    expect(p.grades.F).toEqual({ deploy: 'never', buildPriority: 0, support: 'none' });
    expect(p.freezes[0]).toEqual({ name: 'year-end', from: '2026-12-20', to: '2027-01-04', exempt: ['A+'] });
    expect(p.source).toEqual({ file: 'policies.yaml', doc: 0 });
  });

  it('defaults ungraded to D and freezes to none', () => {
    const doc = demoDocument();
    delete doc.spec.ungraded;
    delete doc.spec.freezes;
    const p = mustParse(doc);
    expect(p.ungraded).toBe('D');
    expect(p.freezes).toEqual([]);
  });

  it('accepts overnight windows, wrapping day ranges and 24:00', () => {
    const doc = demoDocument();
    doc.spec.grades.C.deploy = { windows: [{ days: ['fri-mon'], from: '22:00', to: '06:00' }, { days: ['wed'], from: '00:00', to: '24:00' }] };
    expect(mustParse(doc).grades.C.deploy).toEqual({ windows: [{ days: [5, 6, 7, 1], from: 1320, to: 360 }, { days: [3], from: 0, to: 1440 }] });
  });

  it('names file, document and field for bad times and days', () => {
    const problems = problemsOf((d) => {
      d.spec.grades.B.deploy.windows[0].from = '6:00';
      d.spec.grades.B.deploy.windows[0].to = '25:00';
      d.spec.grades.C.deploy.windows[0].days = ['mon-thu', 'funday'];
    });
    expect(problems).toEqual([
      expect.objectContaining({ file: 'policies.yaml', doc: 2, field: 'spec.grades.B.deploy.windows[0].from', message: expect.stringContaining('HH:MM') }),
      expect.objectContaining({ field: 'spec.grades.B.deploy.windows[0].to' }),
      expect.objectContaining({ field: 'spec.grades.C.deploy.windows[0].days[1]', message: expect.stringContaining('"funday"') }),
    ]);
  });

  it('refuses a window with from equal to to, and days listed twice', () => {
    const problems = problemsOf((d) => {
      d.spec.grades.D.deploy.windows[0] = { days: ['mon-fri', 'wed'], from: '10:00', to: '10:00' };
    });
    expect(problems.map((p) => p.field)).toEqual(['spec.grades.D.deploy.windows[0].to', 'spec.grades.D.deploy.windows[0].days[1]']);
  });

  it('reports overlapping windows of one grade, naming both', () => {
    const problems = problemsOf((d) => {
      d.spec.grades.B.deploy.windows.push({ days: ['wed'], from: '21:00', to: '23:00' });
    });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('spec.grades.B.deploy.windows[1]');
    expect(problems[0].message).toBe('windows[0] (mon-fri 06:00-22:00) and windows[1] (wed 21:00-23:00) overlap on wed at 21:00');
  });

  it('sees overlaps of overnight windows into the next day, also across Sunday', () => {
    const problems = problemsOf((d) => {
      d.spec.grades.C.deploy.windows = [{ days: ['sun'], from: '22:00', to: '02:00' }, { days: ['mon'], from: '01:00', to: '03:00' }];
    });
    expect(problems[0].message).toContain('overlap on mon at 01:00');
    const touching = problemsOf((d) => {
      d.spec.grades.C.deploy.windows = [{ days: ['sun'], from: '22:00', to: '02:00' }, { days: ['mon'], from: '02:00', to: '03:00' }];
    });
    expect(touching).toEqual([]);
  });

  it('keeps the path into windows when a deploy rule is malformed', () => {
    const problems = problemsOf((d) => {
      delete d.spec.grades.B.deploy.windows[0].to;
      d.spec.grades.D.deploy = 'sometimes';
    });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['spec.grades.B.deploy.windows[0].to', 'Invalid input: expected string, received undefined'],
      ['spec.grades.D.deploy', "deploy is 'always', 'never' or { windows: [...] }"],
    ]);
  });

  it('refuses an unknown time zone', () => {
    const problems = problemsOf((d) => (d.spec.timeZone = 'Europe/Amsterdm'));
    expect(problems).toEqual([expect.objectContaining({ field: 'spec.timeZone', message: expect.stringContaining('unknown time zone "Europe/Amsterdm"') })]);
  });

  it('requires all six grades and refuses unknown letters', () => {
    const problems = problemsOf((d) => {
      delete d.spec.grades.C;
      delete d.spec.grades['A+'];
      d.spec.grades.E = d.spec.grades.D;
    });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'spec.grades.E', message: expect.stringContaining('unknown grade "E"') }),
      expect.objectContaining({ field: 'spec.grades', message: expect.stringContaining('grades A+, C missing') }),
    ]);
  });

  it('refuses a freeze ending before it starts, and bad dates', () => {
    const problems = problemsOf((d) => {
      d.spec.freezes.push({ name: 'backwards', from: '2026-06-10', to: '2026-06-01' }, { name: 'bad', from: '2026-02-30', to: '2026-03-01' });
    });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['spec.freezes[1].to', 'freeze backwards ends (2026-06-01) before it starts (2026-06-10)'],
      ['spec.freezes[2].from', '"2026-02-30" is not a date; write YYYY-MM-DD'],
    ]);
  });

  it('reports shape errors with their paths (unknown fields, bad support, ungraded)', () => {
    const problems = problemsOf((d) => {
      d.spec.grades.B.support = 'some';
      d.spec.grades.A.deployy = 'always';
      d.spec.ungraded = 'maybe';
    });
    const fields = problems.map((p) => p.field).sort();
    expect(fields).toEqual(['spec.grades.A', 'spec.grades.B.support', 'spec.ungraded']);
    expect(problems.every((p) => p.file === 'policies.yaml' && p.doc === 2)).toBe(true);
  });
});

describe('checkPolicySet', () => {
  it('refuses two policies for one scorecard, naming both documents', () => {
    const a = { ...demoPolicy(), source: { file: 'a.yaml', doc: 0 } };
    const b = { ...demoPolicy(), name: 'other', source: { file: 'b.yaml', doc: 3 } };
    expect(checkPolicySet([a, b])).toEqual([
      expect.objectContaining({
        file: 'b.yaml',
        doc: 3,
        field: 'spec.scorecard',
        message: 'policies deploy-by-grade (a.yaml:0) and other (b.yaml:3) both apply to scorecard production-readiness; a scorecard has at most one policy',
      }),
    ]);
    expect(checkPolicySet([a, { ...b, scorecard: 'security' }])).toEqual([]);
  });
});
