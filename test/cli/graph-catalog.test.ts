import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG, DEMO_CONFIG, tally } from '../cli.ts';

describe('tally catalog validate', () => {
  it('accepts the demo catalog', async () => {
    const r = await tally(['catalog', 'validate', DEMO_CATALOG]);
    expect(r.stdout.split('\n').filter((l) => l && !l.includes('warning'))).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('prints FILE:LINE:COLUMN: FIELD: message for each problem and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-validate-'));
    const file = join(dir, 'bad.yaml');
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
    const r = await tally(['catalog', 'validate', file], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.yaml:8:19: metadata\.name: /);
    expect(r.stdout).toMatch(/bad\.yaml:9:7: spec\.lifecycle: /);
    // an unresolved reference is a warning, not an error
    expect(r.stdout).toMatch(/bad\.yaml:4:54: spec\.owner: warning: /);
  });
});

describe('tally graph --offline', () => {
  it('finds the demo cycle as JSON with full refs', async () => {
    const r = await tally(['graph', 'cycles', '--offline', DEMO_CATALOG, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.cycles).toEqual([['component:default/pricing', 'component:default/promotions']]);
    expect(r.code).toBe(1);
  });

  it('prints boot waves and the services that never start', async () => {
    const r = await tally(['graph', 'boot-order', '--offline', DEMO_CATALOG, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.waves.length).toBeGreaterThan(1);
    expect(out.blocked).toEqual(expect.arrayContaining(['component:default/pricing', 'component:default/promotions']));
    const booted = new Set(out.waves.flat());
    expect(out.blocked.some((b: string) => booted.has(b))).toBe(false);
  });

  it('reports the tier-rule violation from the config rules', async () => {
    const r = await tally(['graph', 'check', '--offline', DEMO_CATALOG, '--config', DEMO_CONFIG, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.violations).toHaveLength(1);
    expect(out.violations[0]).toMatchObject({ from: 'component:default/checkout', to: 'component:default/recommendations' });
    expect(r.code).toBe(1);
  });

  it('refuses a new edge that would close a cycle', async () => {
    const r = await tally(['graph', 'check', '--offline', DEMO_CATALOG, '--config', DEMO_CONFIG, '--edge', 'tax', 'checkout']);
    expect(r.stdout).toContain('refused');
    expect(r.code).toBe(1);
  });

  it('exports Mermaid', async () => {
    const r = await tally(['graph', 'export', '--offline', DEMO_CATALOG, '--as', 'mermaid']);
    expect(r.stdout.startsWith('flowchart')).toBe(true);
    expect(r.stdout).toContain('pricing');
  });

  it('says plainly when the server is unreachable', async () => {
    const r = await tally(['graph', 'cycles', '--server', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the Tally server/);
  });
});
