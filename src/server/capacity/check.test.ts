// The `imbalance` check type: the spread of usage shares across a resource's nodes against a
// bound, from a reported fact — judged alone, and in a scorecard graded by `tally score --offline`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTally } from '../testing/cli.ts';
import { evaluateImbalance, imbalanceCheckSchema } from './check.ts';

const AT = '2026-11-20T03:00:00Z';
const fact = (value: unknown) => ({ name: 'datanode-usage', value, observedAt: AT });
const config = (extra: Record<string, unknown> = {}) => imbalanceCheckSchema.parse({ type: 'imbalance', fact: 'datanode-usage', maxSpread: 20, ...extra });
const NODES = [
  { name: 'dn-01', used: 61.2, capacity: 96 },
  { name: 'dn-02', used: 63, capacity: 96 },
  { name: 'dn-04', used: 22.5, capacity: 96 },
];

describe('imbalance check', () => {
  it('fails when the spread of usage shares is above the bound, naming the fullest and emptiest nodes', () => {
    const o = evaluateImbalance(config(), fact({ nodes: NODES }));
    expect(o).toMatchObject({ state: 'fail', observedAt: AT, evidence: { spreadPoints: 42.19, fullest: 'dn-02', emptiest: 'dn-04', nodes: 3 } });
    expect(o.message).toBe('spread above 20 points: 3 nodes: dn-02 65.63 % full, dn-04 23.44 %, a spread of 42.19 points (CV 0.382)');
  });

  it('passes a balanced cluster, and bounds the coefficient of variation when asked', () => {
    const balanced = { nodes: NODES.slice(0, 2) };
    expect(evaluateImbalance(config(), fact(balanced))).toMatchObject({ state: 'pass', message: '2 nodes: dn-02 65.63 % full, dn-01 63.75 %, a spread of 1.88 points (CV 0.014)' });
    expect(evaluateImbalance(config({ maxCv: 0.01, message: 'rebalance HDFS' }), fact(balanced))).toMatchObject({ state: 'fail', message: expect.stringMatching(/^rebalance HDFS: CV above 0.01: 2 nodes/) });
  });

  it('no fact fails; a fact of the wrong shape is an error naming the field', () => {
    expect(evaluateImbalance(config(), undefined)).toMatchObject({ state: 'fail', message: "no fact 'datanode-usage' reported (its value: {nodes: [{name, used, capacity}]})" });
    expect(evaluateImbalance(config(), fact({ nodes: [{ name: 'a', used: 1, capacity: 0 }, { name: 'b', used: 1, capacity: 2 }] }))).toMatchObject({ state: 'error', message: expect.stringMatching(/fact 'datanode-usage' is not \{nodes: \[\{name, used, capacity\}\]\} \(nodes\.0\.capacity: /) });
    expect(evaluateImbalance(config(), fact(42))).toMatchObject({ state: 'error' });
    expect(imbalanceCheckSchema.safeParse({ type: 'imbalance', fact: 'x' }).success).toBe(false); // maxSpread is required
  });

  it('grades a resource in a scorecard (tally score --offline), from a facts file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-imbalance-'));
    writeFileSync(join(dir, 'catalog.yaml'), `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: hdfs }
spec: { type: storage-cluster, owner: group:sre }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: ceph }
spec: { type: storage-cluster, owner: group:sre }
`);
    writeFileSync(join(dir, 'scorecard.yaml'), `apiVersion: tally.dev/v1
kind: Scorecard
metadata: { name: storage }
spec:
  appliesTo: { kind: Resource }
  requirements:
    - { id: balanced, title: Nodes balanced, weight: 1, check: { type: imbalance, fact: datanode-usage, maxSpread: 20 } }
`);
    writeFileSync(join(dir, 'facts.yaml'), `apiVersion: tally.dev/v1
kind: Facts
spec:
  facts:
    - { entity: resource:hdfs, name: datanode-usage, value: { nodes: ${JSON.stringify(NODES)} }, observedAt: ${new Date().toISOString()} }
    - { entity: resource:ceph, name: datanode-usage, value: { nodes: ${JSON.stringify(NODES.slice(0, 2))} }, observedAt: ${new Date().toISOString()} }
`);
    const r = await runTally(['score', '--offline', join(dir, 'catalog.yaml'), join(dir, 'scorecard.yaml'), join(dir, 'facts.yaml'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { entity: string; grade: string; requirements: { id: string; status: string; message: string }[] }[] }).results;
    const byEntity = Object.fromEntries(results.map((x) => [x.entity, x.requirements[0]]));
    expect(byEntity['resource:default/hdfs']).toMatchObject({ id: 'balanced', status: 'fail', message: expect.stringMatching(/spread above 20 points/) });
    expect(byEntity['resource:default/ceph']).toMatchObject({ id: 'balanced', status: 'pass' });
  });
});
