// Deterministic synthetic catalogs for benchmarks: N components owned by teams, across systems,
// with random dependencies; written as multi-document YAML files like a real monorepo would have.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Entity } from '../src/common/catalog.ts';
import { seededRandom } from '../src/common/random.ts';

export interface SyntheticCatalog {
  entities: Entity[];
  teams: string[];
  services: string[];
}

export function syntheticCatalog(services: number, opts: { teams?: number; systems?: number; depsPerService?: number; seed?: number } = {}): SyntheticCatalog {
  const rnd = seededRandom(opts.seed ?? 42);
  const teamCount = opts.teams ?? Math.max(5, Math.round(services / 50));
  const systemCount = opts.systems ?? Math.max(3, Math.round(services / 200));
  const teams = Array.from({ length: teamCount }, (_, i) => `team-${i}`);
  const names = Array.from({ length: services }, (_, i) => `svc-${i}`);
  const entities: Entity[] = teams.map((t) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: t }, spec: { type: 'team', children: [] } }));
  for (let s = 0; s < systemCount; s++) entities.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name: `sys-${s}` }, spec: { owner: teams[s % teamCount] } });
  names.forEach((name, i) => {
    const deps = new Set<string>();
    // Depend mostly on lower-numbered services so the graph is mostly acyclic, like real estates.
    for (let d = 0; d < (opts.depsPerService ?? 3); d++) if (i > 0) deps.add(`component:${names[Math.floor(rnd() * i)]}`);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        description: `Synthetic service ${i}`,
        tags: ['synthetic', i % 2 ? 'java' : 'go'],
        annotations: { 'tally.dev/tier': String(1 + (i % 3)), 'tally.dev/runbook-url': `https://runbooks.example/${name}`, 'github.com/project-slug': `example/${name}` },
      },
      spec: { type: 'service', lifecycle: 'production', owner: teams[Math.floor(rnd() * teamCount)], system: `sys-${i % systemCount}`, dependsOn: [...deps] },
    });
  });
  return { entities, teams, services: names };
}

/** Writes the catalog as YAML files of `perFile` documents each; returns the folder. */
export function writeCatalog(dir: string, entities: Entity[], perFile = 500): string {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < entities.length; i += perFile) {
    const text = entities.slice(i, i + perFile).map((e) => `---\n${stringify(e)}`).join('');
    writeFileSync(join(dir, `catalog-${String(i / perFile).padStart(4, '0')}.yaml`), text);
  }
  return dir;
}
