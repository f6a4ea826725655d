// Test fixtures for the scorecard service tests: a small catalog, a scorecard covering every
// state, and facts, written to a temp folder that a test config lists as sources.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [], members: [alice, bob] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: bob }
spec: { memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: checkout, annotations: { tally.dev/tier: "1" } }
spec: { type: service, lifecycle: production, owner: team-a, dependsOn: [component:cart] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: cart, annotations: { tally.dev/tier: "2", tally.dev/runbook-url: "https://runbooks/cart" } }
spec: { type: service, lifecycle: production, owner: team-a }
`;

export function scorecardYaml(opts: { ownerWeight?: number } = {}): string {
  return `apiVersion: tally.dev/v1
kind: Scorecard
metadata: { name: prod, title: Production readiness }
spec:
  appliesTo: { kind: Component, type: service }
  requirements:
    - { id: owner, title: Has an owner, weight: ${opts.ownerWeight ?? 10}, gate: D, check: { type: expr, expr: 'entity.spec.owner != "" && owner.members.size() == 2' } }
    - { id: status, title: Status page, weight: 5, check: { type: http } }
    - { id: backup, title: Backups restored, weight: 8, freshness: 30d, check: { type: fact, fact: backup-restored } }
    - { id: drill, title: Drill done, weight: 4, check: { type: manual } }
    - { id: broken, title: Broken expression, weight: 2, check: { type: expr, expr: 'entity.spec.nothing == "x"' } }
    - { id: later, title: Enforced later, weight: 3, enforceFrom: 2030-01-01, check: { type: expr, expr: 'false' } }
    - { id: runbook, title: Runbook, weight: 5, check: { type: expr, expr: '"tally.dev/runbook-url" in entity.metadata.annotations' } }
    - { id: acyclic, title: No cycles, weight: 3, gate: C, check: { type: expr, expr: '!graph.inCycle && graph.bootWave != null' } }
`;
}

export const FACTS = `apiVersion: tally.dev/v1
kind: Facts
spec:
  facts:
    - { entity: checkout, name: backup-restored, value: true, observedAt: 2026-11-20T03:00:00Z }
    - { entity: cart, name: backup-restored, value: true, observedAt: 2026-09-01T03:00:00Z }
`;

/** A folder with catalog.yaml, scorecards.yaml and facts.yaml; `write` replaces one file. */
export function fixtureDir(): { dir: string; write(file: string, text: string): void; sources: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tally-scorecards-'));
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  write('catalog.yaml', CATALOG);
  write('scorecards.yaml', scorecardYaml());
  write('facts.yaml', FACTS);
  return { dir, write, sources: ['./catalog.yaml', './scorecards.yaml', './facts.yaml'] };
}
