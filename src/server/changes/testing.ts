// Test helpers (tests only): a stored change with sensible defaults, and an in-process Tally with
// a small catalog for the change tests: checkout → payments → payments-db (resource), checkout →
// tax, ledger on its own, and `hello` owning GitHub's example repository (Codertocat/Hello-World).
import { catalogTestApp, type CatalogTestApp } from '../testing/catalog-app.ts';
import type { TestDb } from '../testing/db.ts';
import type { Change } from '../../common/changes.ts';

let seq = 0;
export function makeChange(over: Partial<Change> = {}): Change {
  seq += 1;
  return {
    id: `ch-${seq}`,
    entities: ['component:default/checkout'],
    kind: 'deploy',
    summary: `change ${seq}`,
    source: 'api',
    environment: 'production',
    startedAt: '2024-05-01T11:00:00Z',
    status: 'succeeded',
    automated: false,
    unmapped: false,
    ...over,
  };
}

const component = (name: string, dependsOn: string[] = [], annotations: Record<string, string> = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, annotations: ${JSON.stringify(annotations)} }
spec: { type: service, lifecycle: production, owner: team-a, dependsOn: ${JSON.stringify(dependsOn)} }
`;
export const CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: payments-db }
spec: { type: database, owner: team-a }
${component('checkout', ['component:payments', 'component:tax'])}${component('payments', ['resource:payments-db'])}${component('tax')}${component('ledger')}${component('hello', [], { 'github.com/project-slug': 'Codertocat/Hello-World' })}`;

export type ChangesTestApp = CatalogTestApp;

/** `changes` and `outbound` (→ `checks.outbound`) go into the config. */
export function changesTestApp(db: TestDb, opts: { changes?: Record<string, unknown>; outbound?: Record<string, unknown>; now?: string } = {}): Promise<ChangesTestApp> {
  const config = { changes: opts.changes ?? {}, ...(opts.outbound ? { checks: { outbound: opts.outbound } } : {}) };
  return catalogTestApp(db, { name: 'changes', files: { 'catalog.yaml': CATALOG }, config, now: opts.now });
}
