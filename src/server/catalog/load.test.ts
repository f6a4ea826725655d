import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentsFromText } from '../platform/documents/files.ts';
import { loadCatalogFiles } from './load.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tally-catalog-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

const component = (name: string, extra = '') => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}${extra}
spec:
  type: service
  lifecycle: production
  owner: team-a
`;
const location = (name: string, targets: string[]) => `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: ${name}
spec:
  targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]
`;
const refs = (r: { entities: { ref: string }[] }) => r.entities.map((e) => e.ref);
const rel = (f: string) => path.join(dir, f);

describe('loadCatalogFiles', () => {
  it('loads every document of a multi-document file, with its index', async () => {
    const file = await write('all.yaml', `${component('a')}---\n${component('b')}---\n${component('c')}`);
    const result = await loadCatalogFiles([file]);
    expect(result.problems).toEqual([]);
    expect(result.entities.map((e) => [e.ref, e.file, e.doc])).toEqual([
      ['component:default/a', file, 0],
      ['component:default/b', file, 1],
      ['component:default/c', file, 2],
    ]);
    expect(result.files).toEqual([file]);
  });

  it('recurses folders for *.yaml and *.yml only, in a stable order', async () => {
    await write('b.yml', component('b'));
    await write('sub/deeper/a.yaml', component('a'));
    await write('notes.md', '# not yaml: ::');
    const result = await loadCatalogFiles([dir]);
    expect(result.problems).toEqual([]);
    expect(result.files).toEqual([rel('b.yml'), rel('sub/deeper/a.yaml')]);
    expect(refs(result).sort()).toEqual(['component:default/a', 'component:default/b']);
  });

  it('expands globs', async () => {
    await write('svc/a.yaml', component('a'));
    await write('svc/b.yaml', component('b'));
    await write('other/c.yaml', component('c'));
    const result = await loadCatalogFiles([path.join(dir, 'svc/*.yaml')]);
    expect(refs(result)).toEqual(['component:default/a', 'component:default/b']);
  });

  it('keeps file names as the caller spelled them (relative stays relative)', async () => {
    await write('svc/a.yaml', component('a'));
    const relDir = path.relative(process.cwd(), dir);
    const result = await loadCatalogFiles([relDir]);
    expect(result.files).toEqual([path.join(relDir, 'svc/a.yaml')]);
    expect(result.entities[0].file).toBe(path.join(relDir, 'svc/a.yaml'));
  });

  it('reports a path that does not exist, and a glob that matches nothing', async () => {
    const result = await loadCatalogFiles([rel('missing.yaml'), rel('none/*.yaml')]);
    // A glob that matches nothing is an error too: a typo in a source must not pass silently.
    expect(result.problems.map((p) => [p.severity, p.file, p.message])).toEqual([
      ['error', rel('missing.yaml'), 'no such file or folder'],
      ['error', rel('none/*.yaml'), 'matches no files'],
    ]);
  });

  it('reports YAML syntax errors with line numbers and still loads the other documents', async () => {
    const file = await write('broken.yaml', `${component('a')}---\nkind: Component\nmetadata: {name: [unclosed\n---\n${component('c')}`);
    const result = await loadCatalogFiles([file]);
    expect(refs(result)).toEqual(['component:default/a', 'component:default/c']);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ severity: 'error', file, doc: 1, line: expect.any(Number), column: expect.any(Number) });
    expect(result.problems[0].line).toBeGreaterThanOrEqual(10);
    expect(result.problems[0].message).toMatch(/^YAML syntax error: /);
  });

  it('reports duplicate keys as YAML errors', async () => {
    const file = await write('dup-key.yaml', component('a').replace('kind: Component', 'kind: Component\nkind: API'));
    const result = await loadCatalogFiles([file]);
    expect(result.entities).toEqual([]);
    expect(result.problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/unique/) });
  });

  it('returns non-Backstage documents for other loaders instead of reporting them', async () => {
    const file = await write(
      'mixed.yaml',
      `${component('a')}---\napiVersion: tally.dev/v1\nkind: Scorecard\nmetadata: {name: prod}\nspec: {}\n---\napiVersion: openslo/v1\nkind: SLO\nmetadata: {name: latency}\n`,
    );
    const result = await loadCatalogFiles([file]);
    expect(result.problems).toEqual([]);
    expect(result.documents.map((d) => [d.apiVersion, d.kind, d.doc, d.file])).toEqual([
      ['tally.dev/v1', 'Scorecard', 1, file],
      ['openslo/v1', 'SLO', 2, file],
    ]);
    expect(result.documents[0].body).toMatchObject({ metadata: { name: 'prod' } });
  });

  it('reports documents without apiVersion, and invalid entities, and keeps the valid ones', async () => {
    const file = await write('bad.yaml', `kind: Component\n---\n${component('Bad Name')}---\n${component('ok')}---\n- a list\n`);
    const result = await loadCatalogFiles([file]);
    expect(refs(result)).toEqual(['component:default/ok']);
    expect(result.problems.map((p) => [p.doc, p.field, p.line])).toEqual([
      [0, 'apiVersion', 1],
      [1, 'metadata.name', 6],
      [3, undefined, 21],
    ]);
  });

  it('rejects duplicate entity refs, naming both places', async () => {
    const a = await write('a.yaml', component('checkout'));
    const b = await write('b.yaml', `${component('other')}---\n${component('Checkout')}`);
    const result = await loadCatalogFiles([a, b]);
    expect(refs(result)).toEqual(['component:default/checkout', 'component:default/other']);
    expect(result.problems).toEqual([
      {
        severity: 'error',
        message: `duplicate entity component:default/checkout: already defined in ${a} (document 1)`,
        file: b,
        doc: 1,
        line: 13,
        column: 9,
        field: 'metadata.name',
      },
    ]);
  });

  it('reports files over the size limit without reading them', async () => {
    const big = await write('big.yaml', `${component('big')}# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const small = await write('small.yaml', component('small'));
    const result = await loadCatalogFiles([big, small]);
    expect(refs(result)).toEqual(['component:default/small']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'error', file: big });
    expect(result.problems[0].message).toMatch(/over the 10\.0 MiB limit/);
    const tight = await loadCatalogFiles([small], { maxFileBytes: 10 });
    expect(tight.entities).toEqual([]);
  });
});

describe('Location entities', () => {
  it('loads targets relative to the Location file, globs included, recursively; keeps the Location', async () => {
    const root = await write('catalog/all.yaml', location('root', ['./teams/*.yaml', '../services/checkout.yaml']));
    await write('catalog/teams/a.yaml', location('team-a-things', ['../../more/x.yaml']));
    await write('catalog/teams/b.yaml', component('b'));
    await write('services/checkout.yaml', component('checkout'));
    await write('more/x.yaml', component('x'));
    await write('unrelated/y.yaml', component('y'));
    const result = await loadCatalogFiles([root]);
    expect(result.problems).toEqual([]);
    expect(refs(result)).toEqual([
      'location:default/root',
      'location:default/team-a-things',
      'component:default/x',
      'component:default/b',
      'component:default/checkout',
    ]);
    expect(result.files).toEqual([root, rel('catalog/teams/a.yaml'), rel('more/x.yaml'), rel('catalog/teams/b.yaml'), rel('services/checkout.yaml')]);
  });

  it('reads each file once when a folder and a Location both name it', async () => {
    await write('all.yaml', location('root', ['./svc.yaml']));
    await write('svc.yaml', component('svc'));
    const result = await loadCatalogFiles([dir]);
    expect(result.problems).toEqual([]);
    expect(refs(result)).toEqual(['location:default/root', 'component:default/svc']);
  });

  it('reports a Location that names its own file, without looping', async () => {
    const file = await write('self.yaml', `${location('self', ['./self.yaml'])}---\n${component('a')}`);
    const result = await loadCatalogFiles([file]);
    expect(refs(result)).toEqual(['location:default/self', 'component:default/a']);
    expect(result.problems).toEqual([
      { severity: 'error', message: `includes its own file ${file}`, file, doc: 0, field: 'spec.targets[0]', line: 6, column: 13 },
    ]);
  });

  it('reports a cycle through other Locations, naming the chain', async () => {
    const a = await write('a.yaml', location('a', ['./b.yaml']));
    await write('b.yaml', location('b', ['./c.yaml']));
    await write('c.yaml', location('c', ['./a.yaml']));
    const result = await loadCatalogFiles([a]);
    expect(refs(result)).toEqual(['location:default/a', 'location:default/b', 'location:default/c']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: rel('c.yaml'), field: 'spec.targets[0]' });
    expect(result.problems[0].message).toBe(`include cycle: ${a} -> ${rel('b.yaml')} -> ${rel('c.yaml')} -> ${a}`);
  });

  it('lets a glob match its own Location file without complaint', async () => {
    const all = await write('all.yaml', location('root', ['./*.yaml']));
    await write('svc.yaml', component('svc'));
    const result = await loadCatalogFiles([all]);
    expect(result.problems).toEqual([]);
    expect(refs(result)).toEqual(['location:default/root', 'component:default/svc']);
  });

  it('reports missing targets as errors and remote ones as warnings', async () => {
    const file = await write('loc.yaml', location('root', ['./missing.yaml', 'https://github.com/acme/x/blob/main/catalog-info.yaml']));
    const result = await loadCatalogFiles([file]);
    expect(result.problems.map((p) => [p.severity, p.field])).toEqual([
      ['error', 'spec.targets[0]'],
      ['warning', 'spec.targets[1]'],
    ]);
  });

  it('accepts a single spec.target', async () => {
    const file = await write('loc.yaml', `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: one}\nspec: {type: file, target: ./svc.yaml}\n`);
    await write('svc.yaml', component('svc'));
    expect(refs(await loadCatalogFiles([file]))).toEqual(['location:default/one', 'component:default/svc']);
  });
});

describe('documentsFromText', () => {
  it('reads text that arrives through the API with the same rules as files', () => {
    const result = documentsFromText(`${component('a')}---\n${component('a')}---\napiVersion: tally.dev/v1\nkind: Policy\n`, 'upload');
    expect(result.documents.map((d) => [d.kind, d.doc])).toEqual([['Component', 0], ['Component', 1], ['Policy', 2]]);
    expect(result.problems).toEqual([]);
  });

  it('ignores empty documents but keeps counting them', () => {
    const result = documentsFromText(`---\n---\n${component('a')}---\n`, 'x');
    expect(result.documents.map((e) => e.doc)).toEqual([1]);
    expect(result.problems).toEqual([]);
  });
});
