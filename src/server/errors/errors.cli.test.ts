// `tally errors …` in this process: fingerprint (local: a file, the hashes as text or JSON, a usage
// error naming the file), projects and issues (against the real app, both engines).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../testing/cli.ts';
import { describeEachEngine } from '../testing/db.ts';
import { envelope, errorsTestApp, jsEvent, type ErrorsTestApp } from './testing.ts';
import { groupEvent } from './grouping/grouping.ts';

describe('tally errors fingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-fp-'));
  it('prints the hashes of an event in a file, primary first, with the values on --explain', async () => {
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(jsEvent()));
    const expected = groupEvent(jsEvent()).hashes;
    const json = await runTally(['errors', 'fingerprint', file, '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ hashes: expected, config: 'newstyle:2023-01-11' });
    const text = await runTally(['errors', 'fingerprint', file, '--explain']);
    expect(text.stdout).toContain(`${expected[0]}\tapp`);
    expect(text.stdout).toContain('"applyCoupon"');
  });

  it('names a file that is not JSON, and refuses a bad format', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    const r = await runTally(['errors', 'fingerprint', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} is not JSON`);
    expect((await runTally(['errors', 'fingerprint', bad, '--format', 'xml'])).stderr).toContain('--format must be text or json');
  });
});

describeEachEngine('tally errors projects / issues', ({ db }) => {
  let t: ErrorsTestApp;
  beforeAll(async () => {
    t = await errorsTestApp(db());
    await t.post('/api/7/envelope/', envelope([{ type: 'event', payload: jsEvent() }]), { 'x-sentry-auth': `Sentry sentry_key=${t.key}` });
  });
  afterAll(async () => t?.app.close());

  it('lists the DSNs and the issues of a service', async () => {
    const projects = await runTally(['errors', 'projects', '--entity', 'checkout'], { app: t.app });
    expect(projects.stdout).toMatch(new RegExp(`^7\tcomponent:default/checkout\thttp://${t.key}@.+/7\n$`));
    const issues = await runTally(['errors', 'issues', '--entity', 'checkout', '--status', 'unresolved'], { app: t.app });
    expect(issues.stdout).toContain("unresolved\t1 events\t1 users\t2026-11-23T12:00:00.000Z\tTypeError: Cannot read properties of undefined (reading 'percent')");
  });
});
