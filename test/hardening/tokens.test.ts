// Tokens with an optional expiry and a last-used time (issue 19, item 7), on both engines:
// `tally token create --expires 90d`, refused once expired; the last use recorded at most once a
// minute; `tally token list` shows both.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/server/platform/http/app.ts';
import { createToken } from '../../src/server/platform/auth/tokens.ts';
import { testApp, testClock, testDeps } from '../../src/server/testing/app.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine, withDdlLock } from '../../src/server/testing/db.ts';

describeEachEngine('token expiry and last use', ({ db, engine }) => {
  const clock = testClock('2026-11-23T12:00:00Z');
  let app: App;
  let config: string;
  const tally = (args: string[]) => withDdlLock(engine, () => runTally([...args, '--config', config], { env: { TALLY_DATABASE_URL: db().url } }));
  const whoami = (token: string) => app.inject({ url: '/api/v1/auth/whoami', headers: { authorization: `Bearer ${token}` } });
  const row = (name: string) => db().db.selectFrom('api_tokens').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-token-'));
    config = join(dir, 'tally.yaml');
    writeFileSync(config, 'catalog: { sources: [] }\n');
    app = await testApp(testDeps(db(), undefined, clock));
  });

  it('refuses a token after its expiry, and records its last use at most once a minute', async () => {
    const { token } = await createToken(db().db, { name: 'short-lived', role: 'viewer', expiresAt: new Date('2026-11-24T12:00:00Z') }, clock());
    expect((await row('short-lived')).last_used_at).toBeNull();
    expect((await whoami(token)).statusCode).toBe(200);
    expect((await row('short-lived')).last_used_at).toBe('2026-11-23T12:00:00.000Z');
    clock.advance(30_000);
    expect((await whoami(token)).statusCode).toBe(200);
    expect((await row('short-lived')).last_used_at).toBe('2026-11-23T12:00:00.000Z');
    clock.advance(31_000);
    expect((await whoami(token)).statusCode).toBe(200);
    expect((await row('short-lived')).last_used_at).toBe('2026-11-23T12:01:01.000Z');
    clock.set('2026-11-24T12:00:00Z');
    const expired = await whoami(token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toMatch(/expired/);
    clock.set('2026-11-23T12:00:00Z');
  });

  it('creates a token with --expires as a duration or a time, lists expiry and last use, and refuses a past expiry', async () => {
    const r = await tally(['token', 'create', '--name', 'quarterly', '--role', 'editor', '--expires', '90d']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/expiring \d{4}-\d{2}-\d{2}T/);
    const expires = Date.parse((await row('quarterly')).expires_at!);
    expect(Math.abs(expires - (Date.now() + 90 * 86_400_000))).toBeLessThan(60_000);
    expect((await tally(['token', 'create', '--name', 'fixed', '--role', 'viewer', '--expires', '2099-01-01T00:00:00Z'])).code).toBe(0);
    const past = await tally(['token', 'create', '--name', 'stale', '--role', 'viewer', '--expires', '2020-01-01T00:00:00Z']);
    expect(past.code).not.toBe(0);
    expect(past.stderr).toMatch(/--expires: must be in the future/);
    const bad = await tally(['token', 'create', '--name', 'odd', '--role', 'viewer', '--expires', '2024-02-30']);
    expect(bad.stderr).toMatch(/--expires: "2024-02-30" is neither/);
    const list = await tally(['token', 'list']);
    expect(list.stdout).toMatch(/quarterly\teditor\t.*\texpires \d{4}-.*\tlast used never/);
    expect(list.stdout).toMatch(/fixed\tviewer\t.*\texpires 2099-01-01T00:00:00.000Z/);
  });
});
