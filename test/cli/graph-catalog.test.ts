// `tally catalog validate|refresh` and `tally graph … --offline`, in this process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_YAML, TEAM_YAML } from '../../src/server/catalog/testing.ts';
import type { App } from '../../src/server/platform/http/app.ts';
import { authHeader, testApp, testConfig, testDeps } from '../../src/server/testing/app.ts';
import { DEMO, DEMO_CATALOG, DEMO_CONFIG, runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `tally-${name}-`));

describe('tally catalog validate', () => {
  it('accepts the whole demo project: catalog, scorecards, facts and policies', async () => {
    const r = await runTally(['catalog', 'validate', join(DEMO, 'catalog/all.yaml'), join(DEMO, 'scorecards'), join(DEMO, 'facts'), join(DEMO, 'policies')]);
    expect(r.stdout.split('\n').filter((l) => l && !l.includes('warning'))).toEqual([]);
    expect(r.stderr).toMatch(/other documents?: 0 errors/);
    expect(r.stderr).not.toMatch(/ 0 other documents/);
    expect(r.code).toBe(0);
  });

  it('prints FILE:LINE:COLUMN: FIELD: message for each problem and exits 1', async () => {
    const file = join(tmp('validate'), 'bad.yaml');
    writeFileSync(file, `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ok }
spec: { type: service, lifecycle: production, owner: nobody }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: "not ok!" }
spec: { type: service, owner: x }
`);
    const r = await runTally(['catalog', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.yaml:8:19: metadata\.name: /);
    expect(r.stdout).toMatch(/bad\.yaml:9:7: spec\.lifecycle: /);
    // an unresolved reference is a warning, not an error
    expect(r.stdout).toMatch(/bad\.yaml:4:54: spec\.owner: warning: /);
  });

  it('validates Tally documents too: a negative weight, a CEL syntax error and an unknown check type, each once', async () => {
    const file = join(tmp('validate-kinds'), 'scorecard.yaml');
    writeFileSync(file, `apiVersion: tally.dev/v1
kind: Scorecard
metadata: { name: prod }
spec:
  appliesTo: { kind: Component }
  requirements:
    - id: owner
      title: Has an owner
      weight: -5
      check: { type: expr, expr: 'entity.spec.owner != ""' }
    - id: broken
      title: Broken
      weight: 1
      check: { type: expr, expr: 'entity.spec.owner &&' }
    - id: unknown
      title: Unknown
      weight: 1
      check: { type: telepathy }
`);
    const r = await runTally(['catalog', 'validate', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/scorecard\.yaml:9:15: spec\.requirements\[0\]\.weight: /);
    expect(lines[1]).toMatch(/scorecard\.yaml:14:34: spec\.requirements\[1\]\.check\.expr: CEL syntax error/);
    expect(lines[2]).toMatch(/scorecard\.yaml:18:\d+: spec\.requirements\[2\]\.check\.type: .*telepathy/);
    expect(r.stderr).toMatch(/1 file, 0 entities, 1 other document: 3 errors/);
  });

  it('accepts Backstage API entities that need no definition (mcp-server, ai-model-server), with unknown spec fields', async () => {
    const file = join(tmp('validate-api'), 'apis.yaml');
    writeFileSync(file, `${TEAM_YAML('team-ai')}---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: tools }
spec:
  type: mcp-server
  lifecycle: experimental
  owner: team-ai
  remotes: [{ type: streamable-http, url: http://tools.internal:7007/mcp }]
  tools: [search, fetch]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: inference }
spec: { type: ai-model-server, lifecycle: production, owner: team-ai, remotes: [{ type: https, url: https://llm.internal/v1 }] }
`);
    const r = await runTally(['catalog', 'validate', file]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
});

describeEachEngine('tally catalog refresh', ({ db }) => {
  let app: App;
  let token: string;
  let dir: string;
  beforeAll(async () => {
    dir = tmp('refresh');
    writeFileSync(join(dir, 'a.yaml'), TEAM_YAML('team-a') + SERVICE_YAML('alpha', 'team-a'));
    writeFileSync(join(dir, 'b.yaml'), SERVICE_YAML('beta', 'team-a'));
    const deps = testDeps(db(), testConfig({ catalog: { sources: ['./a.yaml', './b.yaml'] } }, dir));
    app = await testApp(deps);
    token = (await authHeader(deps, 'editor')).authorization.replace('Bearer ', '');
  });

  it('re-reads every source, prints one line per source, and exits 1 naming the one that failed', async () => {
    const ok = await runTally(['catalog', 'refresh'], { app, env: { TALLY_TOKEN: token } });
    expect(ok.stdout).toBe('ok     ./a.yaml: 2 documents, +2 ~0 -0\nok     ./b.yaml: 1 document, +1 ~0 -0\n');
    expect(ok.code).toBe(0);
    writeFileSync(join(dir, 'b.yaml'), SERVICE_YAML('beta', 'team-a').replace('lifecycle: production, ', ''));
    const failed = await runTally(['catalog', 'refresh'], { app, env: { TALLY_TOKEN: token } });
    expect(failed.stdout).toMatch(/^ok {5}\.\/a\.yaml: 2 documents/m);
    expect(failed.stdout).toMatch(/^FAILED \.\/b\.yaml: 1 document\n {7}\S*b\.yaml:\d+:\d+: spec\.lifecycle: is required/m);
    expect(failed.code).toBe(1);
    const anonymous = await runTally(['catalog', 'refresh'], { app });
    expect(anonymous.code).toBe(2);
  });
});

describe('tally graph --offline', () => {
  it('finds the demo cycle as JSON with full refs', async () => {
    const r = await runTally(['graph', 'cycles', '--offline', DEMO_CATALOG, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.cycles).toEqual([['component:default/pricing', 'component:default/promotions']]);
    expect(r.code).toBe(1);
  });

  it('prints boot waves and the services that never start', async () => {
    const r = await runTally(['graph', 'boot-order', '--offline', DEMO_CATALOG, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.waves.length).toBeGreaterThan(1);
    expect(out.blocked).toEqual(expect.arrayContaining(['component:default/pricing', 'component:default/promotions']));
    const booted = new Set(out.waves.flat());
    expect(out.blocked.some((b: string) => booted.has(b))).toBe(false);
  });

  it('reports the tier-rule violation from the config rules', async () => {
    const r = await runTally(['graph', 'check', '--offline', DEMO_CATALOG, '--config', DEMO_CONFIG, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.violations).toHaveLength(1);
    expect(out.violations[0]).toMatchObject({ from: 'component:default/checkout', to: 'component:default/recommendations' });
    expect(r.code).toBe(1);
  });

  it('refuses a new edge that would close a cycle', async () => {
    const r = await runTally(['graph', 'check', '--offline', DEMO_CATALOG, '--config', DEMO_CONFIG, '--edge', 'tax', 'checkout']);
    expect(r.stdout).toContain('refused');
    expect(r.code).toBe(1);
  });

  it('exports Mermaid', async () => {
    const r = await runTally(['graph', 'export', '--offline', DEMO_CATALOG, '--as', 'mermaid']);
    expect(r.stdout.startsWith('flowchart')).toBe(true);
    expect(r.stdout).toContain('pricing');
  });

  it('says plainly when the server is unreachable', async () => {
    for (const sub of ['cycles', 'export']) {
      const r = await runTally(['graph', sub, '--server', 'http://127.0.0.1:9']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot reach the Tally server at http:\/\/127\.0\.0\.1:9/);
    }
  });
});
