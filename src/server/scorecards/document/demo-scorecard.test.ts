// The demo's default scorecard must always load: `npm start` and `tally score --offline` grade
// the Acme catalog with it, and docs/scorecards.md lists its requirements.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { testHost } from '../../testing/host.ts';
import { parseScorecard } from './document.ts';

const FILE = fileURLToPath(new URL('../../../../examples/acme/scorecards/production-readiness.yaml', import.meta.url));

function load() {
  const docs = parseAllDocuments(readFileSync(FILE, 'utf8'));
  expect(docs).toHaveLength(1);
  expect(docs[0].errors).toEqual([]);
  return parseScorecard(docs[0].toJS(), { file: FILE, doc: 0 }, { fromApi: false, grading: testHost.grading });
}

describe('the demo scorecard production-readiness', () => {
  it('parses with no problems', () => {
    const { scorecard, problems } = load();
    expect(problems).toEqual([]);
    expect(scorecard?.metadata.name).toBe('production-readiness');
  });

  it('encodes every practice area of DESIGN.md §2 with rationale for owners', () => {
    const { scorecard } = load();
    const reqs = scorecard!.spec.requirements;
    expect(reqs.length).toBeGreaterThanOrEqual(15);
    expect(reqs.length).toBeLessThanOrEqual(21);
    expect(new Set(reqs.map((r) => r.category))).toEqual(new Set(['ownership', 'operability', 'data', 'resilience', 'change', 'incidents', 'monitoring']));
    for (const r of reqs) expect(r.rationale, r.id).toBeTruthy();
    expect(new Set(reqs.map((r) => r.check.type))).toEqual(new Set(['expr', 'http', 'fact', 'git', 'manual', 'changes', 'incidents', 'capacity']));
  });

  it('has a gate on dependency cycles, a freshness on backups and one requirement still in its grace period', () => {
    const reqs = new Map(load().scorecard!.spec.requirements.map((r) => [r.id, r]));
    expect(reqs.get('no-dependency-cycles')?.gate).toBe('C');
    expect(reqs.get('backups-restored')?.freshness).toBe('30d');
    expect(reqs.get('bus-drill')?.enforceFrom).toBe('2027-03-01T00:00:00Z');
  });
});
