// The compiled CLI (npm run build:server, run by this project's global setup): `tally` runs it,
// V8 takes its code cache, and the sources still run when asked (or when the build is stale).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/server/platform/bootstrap.ts';
import { ROOT, tally } from '../../src/server/testing/cli.ts';

describe('the compiled CLI', () => {
  it('is what bin/tally.js runs, and its code cache is accepted by this Node', () => {
    const probe = `import('${resolve(ROOT, 'bin/compiled.js')}').then(async (m) => {
      const { main, script } = m.loadCompiled();
      const io = { stdout: { write: (t) => process.stdout.write(t) }, stderr: process.stderr, env: {}, exitCode: 0 };
      await main.run(['--version'], io);
      process.stdout.write(JSON.stringify({ fresh: m.compiledIsFresh(), rejected: script.cachedDataRejected }));
    })`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toBe(`${VERSION}\n${JSON.stringify({ fresh: true, rejected: false })}`);
  });

  it('prints the version from the build and from the sources alike', async () => {
    expect(await tally(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(await tally(['--version'], { env: { TALLY_FROM_SOURCES: '1' } })).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
