// An in-process Tally for HTTP tests: real database (either engine), real Fastify via inject().
import { pino } from 'pino';
import { createToken } from '../platform/auth/tokens.ts';
import { VERSION } from '../platform/bootstrap.ts';
import type { Clock } from '../platform/clock.ts';
import { buildConfig, type Config } from '../platform/config.ts';
import { hostEvents, serveParts } from '../host.ts';
import type { AppDeps } from '../platform/deps.ts';
import { buildApp, type App } from '../platform/http/app.ts';
import type { Host } from '../module.ts';
import { testHost } from './host.ts';
import { guardResponseSchemas } from './response-guard.ts';
import { createMetrics } from '../platform/http/metrics.ts';
import type { TestDb } from './db.ts';

export function testConfig(raw: Record<string, unknown> = {}, baseDir = process.cwd()): Config {
  return buildConfig(raw, { file: null, baseDir, env: {}, sections: testHost.configSections });
}

/** A clock tests can move: `clock.set(date)`, `clock.advance(ms)`. */
export function testClock(start = '2026-11-23T12:00:00Z'): Clock & { set(d: string | Date): void; advance(ms: number): void } {
  let now = new Date(start);
  const clock = (() => new Date(now)) as Clock & { set(d: string | Date): void; advance(ms: number): void };
  clock.set = (d) => (now = new Date(d));
  clock.advance = (ms) => (now = new Date(now.getTime() + ms));
  return clock;
}

export function testDeps(db: TestDb, config: Config = testConfig(), clock: Clock = testClock(), host: Host = testHost): AppDeps {
  return {
    db: db.db,
    read: db.read,
    replicas: db.replicas,
    engine: db.engine,
    dbLocation: db.location,
    config,
    clock,
    log: pino({ level: 'silent' }),
    metrics: createMetrics(),
    events: hostEvents(host),
    migrations: host.migrations,
    version: VERSION,
    startedAt: clock(),
  };
}

/** The real app over `deps`; `host` adds test modules (e.g. extra check types) when given. */
export async function testApp(deps: AppDeps, host: Host = testHost): Promise<App> {
  const app = await buildApp(deps, serveParts(host).routes);
  guardResponseSchemas(app);
  await app.ready();
  return app;
}

/** Creates a token with a unique name and returns the Authorization header for it. */
export async function authHeader(deps: AppDeps, role: 'viewer' | 'editor' | 'admin'): Promise<{ authorization: string }> {
  const { token } = await createToken(deps.db, { name: `${role}-${Math.random().toString(36).slice(2, 10)}`, role }, deps.clock());
  return { authorization: `Bearer ${token}` };
}

/**
 * A fetch answered by the in-process app (app.inject): lets the CLI's server commands run in the
 * test's process against the real routes, with no socket. One subprocess test per command
 * (test/system/cli.system.test.ts) covers the real network path.
 */
export function injectFetch(app: App): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      payload: typeof init?.body === 'string' ? init.body : undefined,
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    const empty = res.statusCode === 204 || res.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers });
  };
}
