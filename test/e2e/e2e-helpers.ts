// Helpers shared by the report-card and changes walks: an editor token, signing in through the UI,
// and making sure the demo's changes are in the database.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, type TallyServer } from './harness.ts';

/** `tally token create` against the server's database; returns the secret it prints once. */
export function createToken(server: TallyServer, role: 'viewer' | 'editor' | 'admin' = 'editor', name = `e2e-${role}`): string {
  const r = spawnSync(process.execPath, ['bin/tally.js', 'token', 'create', '--config', 'examples/acme/tally.yaml', '--name', name, '--role', role], {
    cwd: ROOT,
    env: { ...process.env, TALLY_DATABASE_URL: server.database },
    encoding: 'utf8',
  });
  const token = /\b(tly_[A-Za-z0-9_-]+)/.exec(r.stdout + r.stderr)?.[1];
  if (!token) throw new Error(`tally token create printed no token:\n${r.stdout}\n${r.stderr}`);
  return token;
}

/** Signs in the way a person does: the header's "Sign in" button, paste the token, submit. */
export async function signIn(page: Page, token: string, expectRole: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in with an API token' });
  await dialog.getByLabel('API token').fill(token);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.signed-in .role', { hasText: expectRole }).waitFor();
}

/** Absolute times from the demo seed's relative ones ("-35m", "-2d4h"). */
function resolveRelative(value: string, now: number): string {
  const m = /^-(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(value);
  if (!m) return value;
  return new Date(now - ((+(m[1] ?? 0) * 24 + +(m[2] ?? 0)) * 60 + +(m[3] ?? 0)) * 60_000).toISOString();
}

/**
 * The demo's week of changes. `tally serve` seeds them itself in demo mode; when this server build
 * does not (yet), they are recorded through the public API from the same file, as a pipeline would.
 */
export async function ensureDemoChanges(server: TallyServer, token: string): Promise<number> {
  const list = async () => ((await (await fetch(`${server.url}/api/v1/changes?limit=500`)).json()) as { items: unknown[] }).items.length;
  for (let i = 0; i < 10; i++) {
    const n = await list();
    if (n > 0) return n;
    await new Promise((r) => setTimeout(r, 200));
  }
  const now = Date.now();
  const seed = (JSON.parse(readFileSync(join(ROOT, 'examples/acme/changes/seed.json'), 'utf8')) as Record<string, unknown>[]).map((c) => {
    for (const k of ['startedAt', 'finishedAt', 'commitAt', 'eventTime']) if (typeof c[k] === 'string') c[k] = resolveRelative(c[k] as string, now);
    return c;
  });
  const res = await fetch(`${server.url}/api/v1/changes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ changes: seed }) });
  if (!res.ok) throw new Error(`recording the demo changes failed: ${res.status} ${await res.text()}`);
  return list();
}
