// The source refresh (platform/documents/refresh.ts) through POST /api/v1/catalog/refresh, on
// both engines: each source is read on its own, so a bad one fails alone — with its problem
// naming the file — and the others apply; hostile YAML is refused at once, not expanded.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { SERVICE_YAML, TEAM_YAML } from '../src/server/catalog/testing.ts';
import type { App } from '../src/server/platform/http/app.ts';
import { authHeader, testApp, testConfig, testDeps } from '../src/server/testing/app.ts';
import { describeEachEngine } from '../src/server/testing/db.ts';

interface Outcome { source: string; status: 'ok' | 'failed'; count: number; problems: { file?: string; line?: number; field?: string; message: string }[] }

/** "Billion laughs": nine levels of nine aliases each, 9^9 strings once expanded. */
function aliasBomb(): string {
  const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bomb\n  annotations: {}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n  ${levels.join('\n  ')}\n`;
}

describeEachEngine('source refresh', ({ db }) => {
  let app: App;
  let editor: { authorization: string };
  let dir: string;
  const refresh = async () => {
    const started = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    expect(res.statusCode).toBe(200);
    return { outcomes: res.json().sources as Outcome[], ms: performance.now() - started };
  };
  const source = (outcomes: Outcome[], name: string) => outcomes.find((o) => o.source === `./${name}`)!;
  const names = async () => (await app.inject({ url: '/api/v1/entities?kind=component' })).json().items.map((e: { metadata: { name: string } }) => e.metadata.name).sort();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-refresh-'));
    writeFileSync(join(dir, 'team.yaml'), TEAM_YAML('team-a') + SERVICE_YAML('alpha', 'team-a'));
    writeFileSync(join(dir, 'edited.yaml'), SERVICE_YAML('beta', 'team-a'));
    writeFileSync(join(dir, 'bomb.yaml'), SERVICE_YAML('placeholder', 'team-a'));
    writeFileSync(join(dir, 'many.yaml'), SERVICE_YAML('gamma', 'team-a'));
    const sources = ['./team.yaml', './edited.yaml', './bomb.yaml', './many.yaml', './gone.yaml'];
    const deps = testDeps(db(), testConfig({ catalog: { sources } }, dir));
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
  });

  it('applies every readable source; a missing one fails alone, naming the file', async () => {
    const { outcomes } = await refresh();
    expect(outcomes.filter((o) => o.status === 'failed').map((o) => o.source)).toEqual(['./gone.yaml']);
    expect(source(outcomes, 'gone.yaml').problems[0].message).toMatch(/no such file or folder/);
    expect(await names()).toEqual(['alpha', 'beta', 'gamma', 'placeholder']);
  });

  it('keeps the previous version of a source whose new version is invalid, and still applies the others', async () => {
    writeFileSync(join(dir, 'edited.yaml'), SERVICE_YAML('beta', 'team-a').replace('lifecycle: production, ', ''));
    writeFileSync(join(dir, 'team.yaml'), TEAM_YAML('team-a') + SERVICE_YAML('alpha', 'team-a') + SERVICE_YAML('alpha-two', 'team-a'));
    const { outcomes } = await refresh();
    const edited = source(outcomes, 'edited.yaml');
    expect(edited.status).toBe('failed');
    expect(edited.problems).toEqual([expect.objectContaining({ file: join(dir, 'edited.yaml'), line: 5, field: 'spec.lifecycle', message: 'is required' })]);
    expect(source(outcomes, 'team.yaml').status).toBe('ok');
    expect(await names()).toEqual(['alpha', 'alpha-two', 'beta', 'gamma', 'placeholder']);
  });

  it('refuses an alias bomb and a file of 200,000 empty documents at once, naming each file', async () => {
    writeFileSync(join(dir, 'bomb.yaml'), aliasBomb());
    writeFileSync(join(dir, 'many.yaml'), '---\n'.repeat(200_000));
    const { outcomes, ms } = await refresh();
    const bomb = source(outcomes, 'bomb.yaml');
    expect(bomb.status).toBe('failed');
    expect(bomb.problems).toEqual([expect.objectContaining({ file: join(dir, 'bomb.yaml'), message: expect.stringMatching(/YAML could not be read: .*alias/i) })]);
    const many = source(outcomes, 'many.yaml');
    expect(many.status).toBe('failed');
    expect(many.problems).toEqual([expect.objectContaining({ file: join(dir, 'many.yaml'), line: 1, message: 'holds 200001 documents, over the limit of 10000; not read' })]);
    // What they held before stays, and the other sources still apply.
    expect(await names()).toEqual(['alpha', 'alpha-two', 'beta', 'gamma', 'placeholder']);
    expect(source(outcomes, 'team.yaml').status).toBe('ok');
    // Refused, not expanded: 9^9 strings would take minutes and gigabytes. (A bound against a
    // catastrophe, far above the real figure; speed itself is measured by npm run bench.)
    expect(ms).toBeLessThan(10_000);
  });
});
