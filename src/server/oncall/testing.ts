// Test helper (tests only): an in-process Tally with a small catalog and rotations for the
// on-call tests — team-a (six people, checkout and payments; search matched by alert labels),
// team-b (four people, billing), orphan (a service nobody's rotation covers) — and helpers to
// call the API as an editor and to read what the outbox holds.
import { catalogTestApp, type CatalogTestApp } from '../testing/catalog-app.ts';
import type { TestDb } from '../testing/db.ts';

export const TEAM_A = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'];
export const TEAM_B = ['gus', 'hal', 'ivy', 'jo'];

const user = (name: string, team: string) => `---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ${name} }
spec: { profile: { displayName: ${name[0]!.toUpperCase()}${name.slice(1)} Example, email: ${name}@acme.test }, memberOf: [${team}] }
`;
const group = (name: string) => `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: ${name} }
spec: { type: team, children: [] }
`;
const component = (name: string, owner: string, annotations: Record<string, string> = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, annotations: ${JSON.stringify(annotations)} }
spec: { type: service, lifecycle: production, owner: ${owner} }
`;

export function oncallCatalog(): string {
  return [group('team-a'), group('team-b'), group('team-c'), ...TEAM_A.map((u) => user(u, 'team-a')), ...TEAM_B.map((u) => user(u, 'team-b')), user('lead', 'team-a'),
    component('checkout', 'team-a'), component('payments', 'team-a'), component('search', 'team-a', { 'tally.dev/alert-labels': 'job=search-api, env=prod' }),
    component('billing', 'team-b'), component('orphan', 'team-c')].join('');
}

/** Team A: daily handoffs at 09:00 Berlin, primary → secondary rotation → lead; team B: weekly, four people. */
export function oncallRotations(): string {
  return `---
apiVersion: tally.dev/v1
kind: Rotation
metadata: { name: team-a-primary, title: Team A primary }
spec:
  owner: team-a
  timeZone: Europe/Berlin
  layers:
    - { name: primary, start: '2026-11-02', handoff: '09:00', shift: daily, members: [${TEAM_A.join(', ')}] }
  escalation:
    levels:
      - { notify: [oncall], afterMinutes: 5 }
      - { notify: ['rotation:team-a-secondary'], afterMinutes: 10 }
      - { notify: [lead], afterMinutes: 10 }
    repeat: 1
---
apiVersion: tally.dev/v1
kind: Rotation
metadata: { name: team-a-secondary }
spec:
  owner: team-a
  timeZone: Europe/Berlin
  layers:
    - { name: secondary, start: '2026-11-02', handoff: '09:00', shift: daily, members: [${[...TEAM_A.slice(3), ...TEAM_A.slice(0, 3)].join(', ')}] }
---
apiVersion: tally.dev/v1
kind: Rotation
metadata: { name: team-b }
spec:
  owner: team-b
  timeZone: America/New_York
  layers:
    - { name: weekly, start: '2026-11-02', handoff: '10:00', shift: weekly, members: [${TEAM_B.join(', ')}] }
`;
}

export interface OncallTestApp extends Omit<CatalogTestApp, 'call'> {
  /** A request (as the editor unless `headers` say otherwise; a body is sent as JSON): status, parsed JSON (if any), text and headers. */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string; headers: Record<string, unknown> }>;
  refresh(): Promise<any>;
  /** What the notifications outbox holds for pages: target and message. */
  outbox(): Promise<{ kind: string; key: string; details: string; url: string | null; status: string }[]>;
}

export const ACK_SECRET = 'an-ack-secret-for-tests-only';
export const INTAKE_KEY = 'an-intake-key-for-tests-only';

export async function oncallTestApp(db: TestDb, opts: { config?: Record<string, unknown>; now?: string; rotations?: string } = {}): Promise<OncallTestApp> {
  const config = { server: { publicUrl: 'https://tally.acme.test' }, oncall: { ackSecret: ACK_SECRET, intakeKey: INTAKE_KEY, routingKeys: { R0UTINGKEYBILLING0000000000000001: 'billing', R0UTINGKEYANY0000000000000000002: null } }, ...(opts.config ?? {}) };
  const t = await catalogTestApp(db, { name: 'oncall', files: { 'catalog.yaml': oncallCatalog(), 'rotations.yaml': opts.rotations ?? oncallRotations() }, config, now: opts.now });
  const { app, editor } = t;
  const call: OncallTestApp['call'] = async (method, url, body, headers = editor) => {
    const res = await app.inject({ method: method as 'GET', url, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
    let parsed: unknown;
    try {
      parsed = res.json();
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, body: parsed, text: res.body, headers: res.headers };
  };
  const refresh = async () => (await call('POST', '/api/v1/catalog/refresh')).body;
  const outbox = async () => {
    const res = await call('GET', '/api/v1/notifications/deliveries?limit=500');
    const rows = (res.body.items as { type: string; target: { kind: string; origin: string }; details: string; url: string | null; status: string; key: string; createdAt: string }[]).filter((d) => d.key.startsWith('oncall:'));
    return rows.reverse().map((d) => ({ kind: d.target.kind, key: d.key, details: d.details, url: d.url, status: d.status }));
  };
  return { ...t, call, refresh, outbox };
}
