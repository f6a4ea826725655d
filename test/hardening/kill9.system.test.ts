// Issue 19 item 3: nothing acknowledged is lost. Clients stream writes — changes, facts, waivers,
// API catalog entities, error events (Sentry envelopes) and alerts (PagerDuty events, each a new
// page) — at a real `tally serve`, which is killed with SIGKILL mid-stream.
// Every write it acknowledged (2xx) is in the database; the database opens cleanly (SQLite: its
// integrity check) and a new server on it is ready. Then a catalog import from a large file is
// killed midway: the catalog is entirely the previous import, never a mix. Both engines.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../src/server/platform/auth/tokens.ts';
import { connectDatabase } from '../../src/server/platform/db/connect.ts';
import { ENGINES, openTestDb, type TestDb } from '../../src/server/testing/db.ts';
import { startServe, waitFor } from './tally-processes.ts';

const SVC = 'component:default/svc';

function project(dir: string): string {
  writeFileSync(join(dir, 'svc.yaml'), `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: svc, description: The service every write is about, annotations: { tally.dev/sentry-project: "7" } }
spec: { type: service, lifecycle: production, owner: group:default/team }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: una }
spec: { profile: { email: una@acme.test }, memberOf: [team] }
---
apiVersion: tally.dev/v1
kind: Rotation
metadata: { name: team-rotation }
spec:
  owner: team
  timeZone: UTC
  layers:
    - { name: primary, start: '2026-01-05', handoff: '09:00', shift: weekly, members: [una] }
  escalation:
    levels:
      - { notify: [oncall], afterMinutes: 5 }
---
apiVersion: tally.dev/v1
kind: Scorecard
metadata: { name: ready }
spec:
  requirements:
    - { id: r, title: Described, weight: 1, check: { type: expr, expr: 'entity.metadata.description != ""' } }
`);
  bulk(dir, 'v1', 0);
  const config = join(dir, 'tally.yaml');
  // Jobs off: the import under test is the one the test starts (POST /catalog/refresh), and a
  // restarted server must not re-import before the database is looked at.
  writeFileSync(config, 'logging: { level: warn }\nserver: { rateLimit: { enabled: false } }\ncatalog: { sources: [./svc.yaml, ./bulk.yaml], refreshInterval: 1h }\n');
  return config;
}

/** The large source: `n` components (plus `extra`), each saying which version of the file it came from. */
function bulk(dir: string, version: string, extra: number, n = 3000): void {
  const docs = Array.from({ length: n + extra }, (_, i) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: bulk-${i}, description: bulk ${version} }\nspec: { type: service, lifecycle: production, owner: group:default/team }\n`);
  writeFileSync(join(dir, 'bulk.yaml'), docs.join('---\n'));
}

async function withDb<T>(url: string, fn: (db: Awaited<ReturnType<typeof connectDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await connectDatabase(url);
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

interface Stream { name: string; acked: string[]; statuses: Map<number | string, number> }

/** A Sentry event id (32 hex digits) for a stream's write id. */
const eventId = (id: string) => createHash('md5').update(id).digest('hex');

/** One kind of write, sent in a loop by `clients` clients until `stop()`; what got a 2xx is acked (as `key(id)`). */
function stream(name: string, clients: number, send: (id: string) => Promise<Response>, key = (id: string) => id): Stream & { stop(): Promise<void> } {
  const s: Stream = { name, acked: [], statuses: new Map() };
  let stopped = false;
  const loop = async (c: number) => {
    for (let i = 0; !stopped; i++) {
      const id = `${name}-${c}-${i}`;
      try {
        const res = await send(id);
        const body = await res.text();
        s.statuses.set(res.status, (s.statuses.get(res.status) ?? 0) + 1);
        if (res.ok) s.acked.push(key(id));
        else if (res.status !== 503) throw new Error(`${name} ${id}: ${res.status} ${body.slice(0, 300)}`);
      } catch (err) {
        const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
        s.statuses.set(code, (s.statuses.get(code) ?? 0) + 1);
        if (!/ECONNRE|ECONNRESET|EPIPE|other side closed|fetch failed|UND_ERR/.test(code)) throw err;
        await new Promise((r) => setTimeout(r, 20)); // the server is gone: the client retries until told to stop
      }
    }
  };
  const running = Array.from({ length: clients }, (_, c) => loop(c));
  return { ...s, stop: async () => void ((stopped = true), await Promise.all(running)) };
}

async function storedIds(url: string): Promise<Record<string, Set<string>>> {
  return withDb(url, async (db) => ({
    changes: new Set((await db.selectFrom('changes').select('external_id').where('source', '=', 'webhook:kill9').execute()).map((r) => r.external_id!)),
    facts: new Set((await db.selectFrom('facts').select('name').where('entity', '=', SVC).execute()).map((r) => r.name)),
    waivers: new Set((await db.selectFrom('waivers').select('reason').execute()).map((r) => r.reason)),
    entities: new Set((await db.selectFrom('entities').select('name').where('name', 'like', 'entities-%').execute()).map((r) => r.name)),
    errors: new Set((await db.selectFrom('error_events').select('event_id').execute()).map((r) => r.event_id)),
    alerts: new Set((await db.selectFrom('oncall_pages').select('dedup_key').execute()).map((r) => r.dedup_key)),
  }));
}

async function bulkState(url: string): Promise<Record<string, number>> {
  const rows = await withDb(url, (db) => db.selectFrom('entities').select('body').where('name', 'like', 'bulk-%').execute());
  const out: Record<string, number> = {};
  for (const r of rows) {
    const v = (JSON.parse(r.body) as { metadata: { description: string } }).metadata.description;
    out[v] = (out[v] ?? 0) + 1;
  }
  return out;
}

async function integrityOk(db: TestDb): Promise<void> {
  if (db.engine !== 'sqlite') return;
  await withDb(db.url, async (h) => expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(h)).rows).toEqual([{ integrity_check: 'ok' }]));
}

describe.each(ENGINES)('kill -9 of tally serve [%s]', (engine) => {
  it('loses no acknowledged change, fact, waiver, entity, error event or alert, and opens cleanly afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-kill9-'));
    const db = await openTestDb(engine);
    const env = { TALLY_DATABASE_URL: db.url };
    const { token } = await createToken(db.db, { name: 'kill9', role: 'editor' }, new Date());
    const config = project(dir);
    let server = await startServe(config, env, ['--no-jobs']);
    try {
      const refreshed = await fetch(`${server.url}/api/v1/catalog/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(refreshed.status).toBe(200);
      const post = (path: string, body: unknown, method = 'POST') => fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const now = new Date();
      const projects = await (await fetch(`${server.url}/api/v1/errors/projects?entity=${encodeURIComponent(SVC)}`, { headers: { authorization: `Bearer ${token}` } })).json();
      const sentryKey = projects.items[0].publicKey as string;
      const envelope = (id: string) => `${JSON.stringify({ event_id: eventId(id) })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify({ event_id: eventId(id), level: 'error', platform: 'node', message: `failed ${id}`, timestamp: now.getTime() / 1000 })}\n`;
      const streams = [
        stream('changes', 4, (id) => post('/api/v1/changes', { entities: [SVC], kind: 'deploy', summary: `deploy ${id}`, externalId: id, source: 'webhook:kill9', startedAt: now.toISOString() })),
        stream('facts', 4, (id) => post('/api/v1/facts', { entity: SVC, name: id, value: { ok: true }, observedAt: now.toISOString() })),
        stream('waivers', 2, (id) => post('/api/v1/waivers', { entity: SVC, scorecard: 'ready', requirement: 'r', reason: id, expiresAt: new Date(now.getTime() + 7 * 86_400_000).toISOString() })),
        stream('entities', 2, (id) => post('/api/v1/entities', { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: id }, spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team' } }, 'PUT')),
        stream('errors', 2, (id) => fetch(`${server.url}/api/7/envelope/?sentry_key=${sentryKey}`, { method: 'POST', headers: { 'content-type': 'application/x-sentry-envelope' }, body: envelope(id) }), eventId),
        stream('alerts', 2, (id) => post('/api/v1/alerts/events', { routing_key: 'kill9', event_action: 'trigger', dedup_key: id, payload: { summary: `alert ${id}`, source: 'kill9', severity: 'error', component: 'svc' } })),
      ];
      // Kill once every kind of write has been acknowledged a few times (however loaded the machine).
      await waitFor('every stream to be acknowledged', () => streams.every((s) => s.acked.length >= 5), 60_000);
      await server.kill9();
      await Promise.all(streams.map((s) => s.stop()));

      await integrityOk(db);
      const stored = await storedIds(db.url);
      for (const s of streams) {
        expect(s.acked.length, s.name).toBeGreaterThanOrEqual(5);
        expect({ kind: s.name, lost: s.acked.filter((id) => !stored[s.name].has(id)) }).toEqual({ kind: s.name, lost: [] });
      }
      // A new server opens the database and is ready (startServe waits for /readyz 200).
      server = await startServe(config, env, ['--no-jobs']);
      expect((await (await fetch(`${server.url}/api/v1/entities/${encodeURIComponent(SVC)}`)).json()).metadata.name).toBe('svc');

      // A large import, killed midway: the catalog stays the previous import, whole.
      expect(await bulkState(db.url)).toEqual({ 'bulk v1': 3000 });
      const started = performance.now();
      expect((await fetch(`${server.url}/api/v1/catalog/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const importMs = performance.now() - started;
      bulk(dir, 'v2', 1);
      let acked = false;
      void fetch(`${server.url}/api/v1/catalog/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then((r) => (acked = r.ok), () => undefined);
      await new Promise((r) => setTimeout(r, Math.max(100, importMs * 0.4)));
      await server.kill9();
      await integrityOk(db);
      const state = await bulkState(db.url);
      // Either the import had committed before the kill (and then all of it is there), or none of it is.
      expect([{ 'bulk v1': 3000 }, { 'bulk v2': 3001 }]).toContainEqual(state);
      if (acked) expect(state).toEqual({ 'bulk v2': 3001 });
      server = await startServe(config, env, ['--no-jobs']);
    } finally {
      await server.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
