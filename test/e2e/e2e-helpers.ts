// Helpers shared by the walks: a token made with `tally token create`, and signing in through the UI.
import { spawnSync } from 'node:child_process';
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
