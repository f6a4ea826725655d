import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testHost } from '../testing/host.ts';
import { validatePaths } from './validate-command.ts';

const validateCatalogPaths = (paths: string[]) => validatePaths(paths, testHost.documents, testHost);

let dir: string;
let relDir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tally-validate-'));
  relDir = path.relative(process.cwd(), dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const team = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-a}
spec: {type: team, children: []}
`;
const service = (name: string, spec: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: ${name}}
spec: {type: service, lifecycle: production, ${spec}}
`;

describe('validateCatalogPaths', () => {
  it('exits 0 with no lines for a valid catalog', async () => {
    await writeFile(path.join(dir, 'org.yaml'), `${team}---\n${service('checkout', 'owner: team-a')}`);
    const report = await validateCatalogPaths([relDir]);
    expect(report).toEqual({ lines: [], exitCode: 0, summary: '1 file, 2 entities, 0 other documents: 0 errors, 0 warnings' });
  });

  it('prints FILE:LINE:COLUMN: FIELD: message per error, paths as given, and exits 1', async () => {
    await writeFile(path.join(dir, 'org.yaml'), `${team}---\n${service('checkout', 'owner: team-a')}---\n${service('pay', 'system: shop')}`);
    const report = await validateCatalogPaths([relDir]);
    const file = path.join(relDir, 'org.yaml');
    expect(report.lines).toEqual([`${file}:14:7: spec.owner: is required`]);
    expect(report.exitCode).toBe(1);
  });

  it('marks unresolved references as warnings and exits 0', async () => {
    await writeFile(path.join(dir, 'svc.yaml'), `${team}---\n${service('checkout', 'owner: team-a, dependsOn: [resource:orders-db]')}`);
    const report = await validateCatalogPaths([path.join(dir, 'svc.yaml')]);
    expect(report.lines).toEqual([
      `${path.join(dir, 'svc.yaml')}:9:73: spec.dependsOn[0]: warning: component:default/checkout refers to resource:default/orders-db, which is not in the catalog`,
    ]);
    expect(report.exitCode).toBe(0);
    expect(report.summary).toBe('1 file, 2 entities, 0 other documents: 0 errors, 1 warning');
  });

  it('groups lines by file and line', async () => {
    await writeFile(path.join(dir, 'a.yaml'), service('a', 'owner: team-x'));
    await writeFile(path.join(dir, 'b.yaml'), `${service('-bad', 'owner: team-a')}`);
    const report = await validateCatalogPaths([relDir]);
    expect(report.lines.map((l) => l.split(': ')[0])).toEqual([`${path.join(relDir, 'a.yaml')}:4:53`, `${path.join(relDir, 'b.yaml')}:3:18`]);
    expect(report.exitCode).toBe(1);
  });

  it('fails when given nothing to validate or a missing path', async () => {
    expect((await validateCatalogPaths([])).exitCode).toBe(1);
    const missing = await validateCatalogPaths([path.join(relDir, 'nope.yaml')]);
    expect(missing.lines).toEqual([`${path.join(relDir, 'nope.yaml')}: no such file or folder`]);
    expect(missing.exitCode).toBe(1);
  });
});
