// A small generated organisation for the hardening tests: `n` components in one catalog file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function generatedCatalog(n: number): { dir: string; sources: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tally-hardening-'));
  const docs = [
    'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []',
    ...Array.from({ length: n }, (_, i) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a`),
  ];
  writeFileSync(join(dir, 'catalog.yaml'), docs.join('\n---\n') + '\n');
  return { dir, sources: ['./catalog.yaml'] };
}

export const scorecardDoc = (name: string, exprs: string[]) => ({
  apiVersion: 'tally.dev/v1',
  kind: 'Scorecard',
  metadata: { name },
  spec: { appliesTo: { kind: 'Component' }, requirements: exprs.map((expr, i) => ({ id: `r${i}`, title: `r${i}`, weight: 1, check: { type: 'expr', expr } })) },
});
