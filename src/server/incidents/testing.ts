// Test helper (tests only): an in-process Tally with a small catalog for the incident tests —
// checkout → payments → payments-db, checkout → tax; web → checkout; ledger alone — with the
// annotations incidents read (status URL, runbook, dashboard, runtime controls), and helpers to
// declare and call the API as an editor.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../testing/app.ts';
import type { TestDb } from '../testing/db.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
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

export interface IncidentsTestApp {
  app: App;
  deps: AppDeps;
  clock: ReturnType<typeof testClock>;
  editor: { authorization: string };
  /** POST/PATCH/PUT/DELETE as the editor; returns status and parsed JSON. */
  call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }>;
  declare(body?: Record<string, unknown>): Promise<IncidentPage>;
}

export async function incidentsTestApp(db: TestDb, opts: { config?: Record<string, unknown>; now?: string; statusBase?: string } = {}): Promise<IncidentsTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-incidents-'));
  writeFileSync(join(dir, 'catalog.yaml'), incidentCatalog(opts.statusBase));
  const config = testConfig({ catalog: { sources: ['./catalog.yaml'] }, ...(opts.config ?? {}) }, dir);
  const clock = testClock(opts.now ?? '2026-11-23T12:00:00Z');
  const deps = testDeps(db, config, clock);
  const app = await testApp(deps);
  const editor = await authHeader(deps, 'editor');
  const refreshed = await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
  if (refreshed.statusCode !== 200) throw new Error(`catalog refresh failed: ${refreshed.body}`);
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await app.inject({ method: method as 'GET', url, headers: editor, ...(body !== undefined ? { payload: body as object } : {}) });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };
  const declare = async (body: Record<string, unknown> = {}) => {
    const res = await call('POST', '/api/v1/incidents', { title: 'Checkout fails', severity: 'SEV2', services: ['checkout'], ...body });
    if (res.status !== 201) throw new Error(`declare failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as IncidentPage;
  };
  return { app, deps, clock, editor, call, declare };
}
