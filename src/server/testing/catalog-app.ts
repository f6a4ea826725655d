// An in-process Tally over a small catalog of a test's own, the base of each domain's app builder
// (errors, incidents, changes, on-call: their testing.ts): the documents are written to a fresh
// folder, read as the catalog's sources, and refreshed once as an editor before the test starts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/app.ts';
import { authHeader, testApp, testClock, testConfig, testDeps } from './app.ts';
import type { TestDb } from './db.ts';

export interface CatalogTestApp {
  app: App;
  deps: AppDeps;
  /** The folder holding the documents (the config's base directory). */
  dir: string;
  clock: ReturnType<typeof testClock>;
  editor: { authorization: string };
  /** A request as the editor (a body is sent as JSON); answers the status and the parsed JSON. */
  call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export interface CatalogTestAppOptions {
  /** File name → text, e.g. `{ 'catalog.yaml': … }`: every file is a catalog source, in this order. */
  files: Record<string, string>;
  /** tally.yaml settings besides the catalog's sources (a `catalog` here replaces them). */
  config?: Record<string, unknown>;
  /** The test clock's start (default 2026-11-23T12:00:00Z). */
  now?: string;
  /** The folder to write the documents to (default: a fresh temporary one named after `name`). */
  dir?: string;
  /** Names the temporary folder, `tally-<name>-…`. */
  name?: string;
}

export async function catalogTestApp(db: TestDb, opts: CatalogTestAppOptions): Promise<CatalogTestApp> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), `tally-${opts.name ?? 'app'}-`));
  for (const [file, text] of Object.entries(opts.files)) writeFileSync(join(dir, file), text);
  const config = testConfig({ catalog: { sources: Object.keys(opts.files).map((f) => `./${f}`) }, ...(opts.config ?? {}) }, dir);
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
  return { app, deps, dir, clock, editor, call };
}
