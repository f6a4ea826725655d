// `tally token create|list|revoke` in this process, on the database of a tally.yaml (both
// engines), and what the tokens then may do on the API: hashed at rest, roles enforced, revocable.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/server/platform/http/app.ts';
import { testApp, testDeps } from '../../src/server/testing/app.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine, withDdlLock } from '../../src/server/testing/db.ts';

describeEachEngine('tally token', ({ db, engine }) => {
  let app: App;
  let config: string;
  // Each command migrates the database it opens (src/server/testing/db.ts, withDdlLock, says why it waits for the lock).
  const tally = (args: string[]) => withDdlLock(engine, () => runTally([...args, '--config', config], { env: { TALLY_DATABASE_URL: db().url } }));
  const whoami = async (token: string) => app.inject({ url: '/api/v1/auth/whoami', headers: { authorization: `Bearer ${token}` } });
  const refresh = async (token: string) => (await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: { authorization: `Bearer ${token}` } })).statusCode;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-token-'));
    config = join(dir, 'tally.yaml');
    writeFileSync(config, 'catalog: { sources: [] }\n');
    app = await testApp(testDeps(db()));
  });

  it('creates a token it prints once, stores only its SHA-256 hash, and the API knows who holds it', async () => {
    const r = await tally(['token', 'create', '--name', 'ci-pipeline', '--role', 'editor']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^tly_[A-Za-z0-9_-]{32}$/);
    expect(r.stderr).toMatch(/token "ci-pipeline" \(editor\) created; it is shown only now/);
    const rows = await db().db.selectFrom('api_tokens').selectAll().where('name', '=', 'ci-pipeline').execute();
    expect(rows).toHaveLength(1);
    const { createHash } = await import('node:crypto');
    expect(rows[0].hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await whoami(token)).json()).toMatchObject({ name: 'ci-pipeline', role: 'editor' });
  });

  it('enforces roles: a viewer reads, only an editor refreshes', async () => {
    const viewer = (await tally(['token', 'create', '--name', 'dashboard', '--role', 'viewer'])).stdout.trim();
    const editor = (await tally(['token', 'create', '--name', 'deployer', '--role', 'editor'])).stdout.trim();
    expect(await refresh(viewer)).toBe(403);
    expect(await refresh(editor)).toBe(200);
    expect(await refresh('tly_not-a-token')).toBe(401);
  });

  it('lists tokens without secrets, revokes one, and the API refuses it from then on', async () => {
    const token = (await tally(['token', 'create', '--name', 'leaver', '--role', 'admin'])).stdout.trim();
    expect((await whoami(token)).statusCode).toBe(200);
    expect(await tally(['token', 'revoke', '--name', 'leaver'])).toMatchObject({ code: 0, stdout: 'revoked leaver\n' });
    expect((await whoami(token)).statusCode).toBe(401);
    const list = await tally(['token', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^leaver\tadmin\t\S+\trevoked \S+\tlast used \S+$/m);
    expect(list.stdout).toMatch(/^ci-pipeline\teditor\t\S+\tlast used \S+$/m);
    expect(list.stdout).not.toMatch(/tly_/);
    // revoking twice, an unknown name
    expect(await tally(['token', 'revoke', '--name', 'leaver'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no active token named "leaver"/) });
  });

  it('exits 2 naming the problem: an unknown role, a duplicate name, a bad name', async () => {
    expect(await tally(['token', 'create', '--name', 'x', '--role', 'owner'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--role: must be one of viewer, editor, admin/) });
    expect(await tally(['token', 'create', '--name', 'ci-pipeline', '--role', 'viewer'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists/) });
    expect(await tally(['token', 'create', '--name', 'has space', '--role', 'viewer'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--name: use 1-63 letters/) });
  });
});
