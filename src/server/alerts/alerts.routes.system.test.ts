// The lint on the server, over the rules a real Prometheus (Debian's, on loopback) has loaded
// from a rule file written for the test: read through its /api/v1/rules, owner labels checked
// against the catalog's teams, on both engines. Prometheus down is a 503, not an empty report.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testConfig, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { startPrometheus, type TestPrometheus } from '../testing/prometheus.ts';
import { TEAM_YAML } from '../catalog/testing.ts';
import type { App } from '../platform/http/app.ts';

const RULES = readFileSync(join(import.meta.dirname, 'testdata', 'hygiene.rules.yaml'), 'utf8');

let prom: TestPrometheus;
beforeAll(async () => {
  prom = await startPrometheus('# TYPE up gauge\nup{job="x"} 1 1700000000\n# EOF\n', { rules: RULES });
}, 60_000);
afterAll(async () => prom?.close());

describeEachEngine('alerts lint over a Prometheus', ({ db }) => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-alerts-'));
    writeFileSync(join(dir, 'catalog.yaml'), TEAM_YAML('team-checkout'));
    const config = testConfig({ catalog: { sources: ['./catalog.yaml'] }, checks: { prometheus: { default: { url: prom.url }, gone: { url: 'http://127.0.0.1:9' } } } }, dir);
    const deps = testDeps(db(), config);
    app = await testApp(deps);
    expect((await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lints what Prometheus loaded, and owners must be catalog teams", async () => {
    const res = await app.inject({ url: '/api/v1/alerts/lint' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toMatchObject({ alerts: 6, recordings: 1, withRunbook: 5 });
    const of = (rule: string) => body.findings.filter((f: { rule: string }) => f.rule === rule).map((f: { check: string }) => f.check).sort();
    expect(of('CheckoutErrorsAboveOnePercent')).toEqual([]);
    expect(of('node_filesystem_avail_bytes')).toEqual(['disk-time-to-full', 'name', 'routing']);
    expect(body.findings).toContainEqual(expect.objectContaining({ rule: 'DatabaseCpuUtilisationClimbing', check: 'routing', problem: 'owner "team-payments" is not a team in the catalog' }));
    expect(body.findings[0].file).toContain('rules.yml');
  });

  it('answers 503 when Prometheus cannot be reached', async () => {
    const res = await app.inject({ url: '/api/v1/alerts/lint?server=gone' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toContain('could not read the rules of Prometheus "gone"');
  });
});
