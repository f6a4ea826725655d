// `tally deploy-check` in this process, as a pipeline runs it: against the real app (inject) on
// both engines, with the server unreachable, and offline from files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY_YAML } from '../../src/server/policies/testing.ts';
import { SERVICE_YAML, TEAM_YAML } from '../../src/server/catalog/testing.ts';
import { insertGrade } from '../../src/server/scorecards/testing.ts';
import type { App } from '../../src/server/platform/http/app.ts';
import { authHeader, testApp, testConfig, testDeps } from '../../src/server/testing/app.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';

const SUNDAY_3AM = '2026-11-29T03:00:00+01:00';
/** Nothing listens on port 9 (discard) on loopback here: connections are refused at once. */
const UNREACHABLE = 'http://127.0.0.1:9';

describeEachEngine('tally deploy-check against a server', ({ db }) => {
  let app: App;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-deploy-check-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-a') + SERVICE_YAML('alpha', 'team-a') + SERVICE_YAML('delta', 'team-a'));
    writeFileSync(join(dir, 'policy.yaml'), DEMO_POLICY_YAML);
    const deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml', './policy.yaml'] } }, dir));
    app = await testApp(deps);
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') });
    await insertGrade(deps.db, { entity: 'component:default/alpha', score: 95, grade: 'A', from: '2026-11-01T00:00:00.000Z' });
    await insertGrade(deps.db, { entity: 'component:default/delta', score: 62, grade: 'D', from: '2026-11-01T00:00:00.000Z' });
  });

  it('exits 0 for an A service at 03:00 on a Sunday and 1 for a D service, naming the next window', async () => {
    const a = await runTally(['deploy-check', 'alpha', '--at', SUNDAY_3AM], { app });
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^allowed: Grade A deploys at any time/);
    const d = await runTally(['deploy-check', 'delta', '--at', SUNDAY_3AM], { app });
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/^denied: Grade D deploys Tue–Wed 10:00–16:00 Europe\/Amsterdam; next window opens Tue 2026-12-01 10:00/);
    expect(d.stdout).toContain('next window 2026-12-01T09:00:00.000Z');
  });

  it('exits 2 when it cannot decide (unknown service)', async () => {
    const r = await runTally(['deploy-check', 'nobody'], { app });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not decide: no entity component:default\/nobody/);
  });
});

describe('tally deploy-check with the server unreachable', () => {
  it('fails closed by default (exit 2) and open with --on-error allow (exit 0), saying which', async () => {
    const closed = await runTally(['deploy-check', 'alpha', '--server', UNREACHABLE]);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/failing CLOSED/);
    const open = await runTally(['deploy-check', 'alpha', '--server', UNREACHABLE, '--on-error', 'allow']);
    expect(open.code).toBe(0);
    expect(open.stderr).toMatch(/failing OPEN/);
  });
});

describe('tally deploy-check --offline', () => {
  const scorecard = `apiVersion: tally.dev/v1
kind: Scorecard
metadata: { name: production-readiness }
spec:
  appliesTo: { kind: Component, type: service }
  requirements:
    - { id: owner, title: Has an owner, weight: 60, check: { type: expr, expr: 'entity.spec.owner != ""' } }
    - { id: tier-1, title: Is tier 1, weight: 40, check: { type: expr, expr: 'entity.metadata.annotations["tally.dev/tier"] == "1"' } }
`;
  let dir: string;
  const at = (f: string) => join(dir, f);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tally-deploy-offline-'));
    writeFileSync(at('catalog.yaml'), TEAM_YAML('team-a') + SERVICE_YAML('alpha', 'team-a', { tier: 1 }) + SERVICE_YAML('delta', 'team-a', { tier: 2 }));
    writeFileSync(at('scorecard.yaml'), scorecard);
    writeFileSync(at('policy.yaml'), DEMO_POLICY_YAML);
  });

  it('grades from the files and decides with the policy given', async () => {
    const a = await runTally(['deploy-check', '--offline', at('catalog.yaml'), at('scorecard.yaml'), 'alpha', '--policy', at('policy.yaml'), '--at', SUNDAY_3AM]);
    expect(a.stdout).toMatch(/^allowed: Grade A\+/);
    expect(a.code).toBe(0);
    // delta: 60 of 100 → D, and D is closed on Sunday.
    const d = await runTally(['deploy-check', '--offline', at('catalog.yaml'), at('scorecard.yaml'), at('policy.yaml'), 'delta', '--at', SUNDAY_3AM, '--format', 'json']);
    expect(d.code).toBe(1);
    expect(JSON.parse(d.stdout)).toMatchObject({ allowed: false, grade: 'D', score: 60, offline: true, nextWindowStart: '2026-12-01T09:00:00.000Z' });
  });

  it('exits 2 with the reason on a usage error, never 1 (which a pipeline reads as denied)', async () => {
    const two = await runTally(['deploy-check', 'alpha', 'delta']);
    expect(two).toMatchObject({ code: 2, stderr: expect.stringMatching(/give one REF/) });
    const noPaths = await runTally(['deploy-check', '--offline', 'alpha']);
    expect(noPaths).toMatchObject({ code: 2, stderr: expect.stringMatching(/--offline needs PATH… REF/) });
    const format = await runTally(['deploy-check', 'alpha', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of text, json/);
  });

  it('exits 2 naming the problem when the policy is bad', async () => {
    writeFileSync(at('bad-policy.yaml'), DEMO_POLICY_YAML.replace('Europe/Amsterdam', 'Mars/Olympus'));
    const r = await runTally(['deploy-check', '--offline', at('catalog.yaml'), at('scorecard.yaml'), 'alpha', '--policy', at('bad-policy.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-policy\.yaml:\d+:\d+: spec\.timeZone/);
  });
});
