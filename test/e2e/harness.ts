// End-to-end harness: the real web build, a real `tally serve` on a temp SQLite file, real Chromium.
// Used by test/e2e/*.e2e.test.ts. Nothing is mocked: what passes here works for a user.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-artifacts/screenshots');
const WEB_OUT = join(ROOT, 'dist/web/index.html');
export const CHROMIUM = '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let built = false;
/**
 * Builds the web UI into dist/web at most once per test run (per process), and not at all when
 * the build is newer than every source under src/web and src/common.
 */
export function buildWeb(): void {
  if (built) return;
  const fresh = existsSync(WEB_OUT) && statSync(WEB_OUT).mtimeMs > Math.max(newestMtime(join(ROOT, 'src/web')), newestMtime(join(ROOT, 'src/common')));
  if (!fresh) {
    // NODE_ENV=production: under vitest it is `test`, which would give React's development build.
    const env = { ...process.env, NODE_ENV: 'production' };
    const r = spawnSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  }
  built = true;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export interface TallyServer {
  url: string;
  /** The SQLite file it runs on, for CLI calls against the same database (`tally token create`). */
  database: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts `tally serve` on a free port and a fresh SQLite file; resolves once it is ready: /readyz
 * answers 200 and it has printed its start-up line, which comes after the demo's preparation
 * (import, seeded changes, first evaluation) — so tests read what the server itself prepared.
 */
export async function startServer({ config = 'examples/acme/tally.yaml', timeoutMs = 60_000 } = {}): Promise<TallyServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const database = join(dir, 'tally.db');
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/tally.js', 'serve', '--config', config, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, TALLY_DATABASE_URL: database },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if (output.includes('Tally is running') && (await fetch(`${url}/readyz`)).ok) return { url, database, log: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`tally serve did not become ready on ${url}:\n${output}`);
}

/** Polls a JSON endpoint until `ready(body)` holds, e.g. until the catalog has been imported. */
export async function waitForApi<T>(url: string, ready: (body: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const res = await fetch(url);
    last = await res.json().catch(() => undefined);
    if (res.ok && ready(last as T)) return last as T;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never became ready; last answer: ${JSON.stringify(last)?.slice(0, 500)}`);
}

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Axe's rules that depend on colours: all a theme changes (the others are checked in the light walks). */
export const THEME_RULES = ['color-contrast', 'link-in-text-block'];

/** Runs axe on the page (all WCAG 2.1 A/AA rules, or only `rules`); throws listing every serious or critical violation. */
export async function expectAccessible(page: Page, where: string, rules?: string[]): Promise<void> {
  const builder = new AxeBuilder({ page });
  const result = await (rules ? builder.withRules(rules) : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0) return;
  const lines = bad.flatMap((v) => [`${v.impact} ${v.id}: ${v.help}`, ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`)]);
  throw new Error(`accessibility violations on ${where}:\n${lines.join('\n')}`);
}

/** Fails the test on any uncaught page error or console error (a blank page often starts there). */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // "Failed to load resource" is the browser logging an HTTP error status the page handles itself.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(`console: ${m.text()}`));
  return errors;
}
