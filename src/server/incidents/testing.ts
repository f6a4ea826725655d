// Test helper (tests only): an in-process Tally with a small catalog for the incident tests —
// checkout → payments → payments-db, checkout → tax; web → checkout; ledger alone — with the
// annotations incidents read (status URL, runbook, dashboard, runtime controls), and helpers to
// declare and call the API as an editor.
import { catalogTestApp, type CatalogTestApp } from '../testing/catalog-app.ts';
import type { TestDb } from '../testing/db.ts';
import type { IncidentPage } from '../../common/api/incidents-learning.ts';

const component = (name: string, dependsOn: string[] = [], annotations: Record<string, string> = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, annotations: ${JSON.stringify(annotations)} }
spec: { type: service, lifecycle: production, owner: team-a, dependsOn: ${JSON.stringify(dependsOn)} }
`;

export function incidentCatalog(statusBase = 'http://127.0.0.1:9/status'): string {
  return `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: payments-db }
spec: { type: database, owner: team-a }
${component('checkout', ['component:payments', 'component:tax'], {
  'tally.dev/status-url': `${statusBase}/checkout`,
  'tally.dev/runbook-url': 'https://runbooks.acme.test/checkout',
  'tally.dev/dashboard-url': 'https://grafana.acme.test/d/checkout',
  'tally.dev/runtime-controls': 'disable-recommendations=https://flags.acme.test/recs, read-only-mode=https://flags.acme.test/ro',
})}${component('payments', ['resource:payments-db'])}${component('tax')}${component('ledger')}${component('web', ['component:checkout'])}`;
}

export interface IncidentsTestApp extends CatalogTestApp {
  declare(body?: Record<string, unknown>): Promise<IncidentPage>;
}

export async function incidentsTestApp(db: TestDb, opts: { config?: Record<string, unknown>; now?: string; statusBase?: string } = {}): Promise<IncidentsTestApp> {
  const t = await catalogTestApp(db, { name: 'incidents', files: { 'catalog.yaml': incidentCatalog(opts.statusBase) }, config: opts.config, now: opts.now });
  const declare = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/incidents', { title: 'Checkout fails', severity: 'SEV2', services: ['checkout'], ...body });
    if (res.status !== 201) throw new Error(`declare failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as IncidentPage;
  };
  return { ...t, declare };
}
