// Commands that open the server's database need its tally.yaml. Without --config and without
// ./tally.yaml they stop and say how to point at it — never quietly create ./data/tally.db, a
// database the running server does not read (a token made there is refused by the server).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../../src/server/testing/cli.ts';

describe('a command that needs a database, without tally.yaml', () => {
  const home = process.cwd();
  const here = mkdtempSync(join(tmpdir(), 'tally-no-config-'));
  beforeAll(() => process.chdir(here));
  afterAll(() => process.chdir(home));

  it.each([
    [['serve', '--port', '0']],
    [['worker']],
    [['migrate']],
    [['token', 'create', '--name', 'me', '--role', 'editor']],
    [['token', 'list']],
    [['token', 'revoke', '--name', 'me']],
  ])('tally %j says so and stops (exit 2)', async (args) => {
    const r = await runTally(args);
    expect(r.stderr).toMatch(/no tally\.yaml here: pass --config with the server's tally\.yaml \(for the demo: --config examples\/acme\/tally\.yaml\), or set TALLY_DATABASE_URL/);
    expect(r.code).toBe(2);
    expect(existsSync(join(here, 'data'))).toBe(false);
  });
});
