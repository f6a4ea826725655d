import { describe, expect, it } from 'vitest';
import { validateEntity } from './validate.ts';

const at = { file: 'catalog.yaml', doc: 2 };
const component = (over: { metadata?: object; spec?: object; [k: string]: unknown } = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  ...over,
  metadata: { name: 'checkout', ...over.metadata },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a', ...over.spec },
});
const fields = (raw: unknown) => validateEntity(raw, at).problems.map((p) => p.field);

describe('validateEntity', () => {
  it('accepts a valid entity and defaults its namespace, as Backstage does', () => {
    const { entity, problems } = validateEntity(component(), at);
    expect(problems).toEqual([]);
    expect(entity?.metadata.namespace).toBe('default');
    expect(entity?.spec?.owner).toBe('team-a');
  });

  it('names file, document and field in every problem', () => {
    const { entity, problems } = validateEntity(component({ spec: { owner: undefined } }), at);
    expect(entity).toBeUndefined();
    expect(problems).toEqual([{ severity: 'error', message: 'is required', file: 'catalog.yaml', doc: 2, field: 'spec.owner' }]);
  });

  it('requires apiVersion, kind and metadata', () => {
    expect(fields({ spec: {} })).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(validateEntity('just text', at).problems[0].message).toMatch(/must be a mapping/);
  });

  it('rejects unknown kinds with a Backstage apiVersion, hinting at case mistakes', () => {
    const { problems } = validateEntity({ ...component(), kind: 'component' }, at);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'kind' });
    expect(problems[0].message).toMatch(/did you mean Component/);
    expect(fields({ ...component(), kind: 'Service' })).toEqual(['kind']);
    expect(fields({ ...component(), apiVersion: 'backstage.io/v2' })).toEqual(['apiVersion']);
  });

  it('rejects unknown top-level fields such as a misspelt spec', () => {
    expect(fields({ ...component(), specs: {} })).toEqual(['specs']);
  });

  it("applies Backstage's name rule: [a-zA-Z0-9] runs separated by [-_.], at most 63", () => {
    for (const ok of ['a', 'Checkout_v2', 'svc.api-1', 'x'.repeat(63)]) expect(fields(component({ metadata: { name: ok } })), ok).toEqual([]);
    for (const bad of ['', '-a', 'a-', 'a b', 'a/b', 'é', 'x'.repeat(64), 42]) {
      expect(fields(component({ metadata: { name: bad } })), String(bad)).toEqual(['metadata.name']);
    }
  });

  it('requires namespaces to be DNS labels', () => {
    expect(fields(component({ metadata: { namespace: 'payments-eu' } }))).toEqual([]);
    expect(fields(component({ metadata: { namespace: 'Payments' } }))).toEqual(['metadata.namespace']);
    expect(fields(component({ metadata: { namespace: 'a_b' } }))).toEqual(['metadata.namespace']);
  });

  it('checks label and annotation keys and values', () => {
    const ok = { labels: { 'acme.com/team': 'a', plain: '' }, annotations: { 'backstage.io/techdocs-ref': 'dir:.' } };
    expect(fields(component({ metadata: ok }))).toEqual([]);
    expect(fields(component({ metadata: { labels: { 'a/b/c': 'x' } } }))).toEqual(['metadata.labels["a/b/c"]']);
    expect(fields(component({ metadata: { labels: { team: 'has space' } } }))).toEqual(['metadata.labels.team']);
    expect(fields(component({ metadata: { annotations: { 'Bad_Prefix/x': 'v' } } }))).toEqual(['metadata.annotations["Bad_Prefix/x"]']);
  });

  it('requires annotation values to be strings and says to quote them', () => {
    const { problems } = validateEntity(component({ metadata: { annotations: { 'tally.dev/tier': 1 } } }), at);
    expect(problems.map((p) => [p.field, p.message])).toEqual([['metadata.annotations["tally.dev/tier"]', 'must be a string (quote numbers and booleans), got 1']]);
  });

  it('checks tags: [a-z0-9:+#] runs separated by -', () => {
    expect(fields(component({ metadata: { tags: ['java', 'c++', 'tier-1', 'k8s:prod', '#x'] } }))).toEqual([]);
    expect(fields(component({ metadata: { tags: ['ok', 'Java', 'a--b', 'a_b'] } }))).toEqual(['metadata.tags[1]', 'metadata.tags[2]', 'metadata.tags[3]']);
  });

  it('checks links need a valid url', () => {
    expect(fields(component({ metadata: { links: [{ url: 'https://x.example', title: 'X' }] } }))).toEqual([]);
    expect(fields(component({ metadata: { links: [{ title: 'X' }, { url: 'not a url' }] } }))).toEqual(['metadata.links[0].url', 'metadata.links[1].url']);
  });

  it('requires the spec fields of each kind', () => {
    const v = (kind: string, spec: unknown) => fields({ apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name: 'x' }, spec });
    expect(v('Component', {})).toEqual(['spec.type', 'spec.lifecycle', 'spec.owner']);
    expect(v('API', { type: 'openapi', lifecycle: 'production', owner: 'a' })).toEqual(['spec.definition']);
    expect(v('API', { type: 'openapi', lifecycle: 'production', owner: 'a', definition: { $text: './openapi.yaml' } })).toEqual([]);
    expect(v('Resource', { type: 'database' })).toEqual(['spec.owner']);
    expect(v('System', {})).toEqual(['spec.owner']);
    expect(v('Domain', { owner: 'a' })).toEqual([]);
    expect(v('Group', { type: 'team' })).toEqual(['spec.children']);
    expect(v('Group', { type: 'team', children: [] })).toEqual([]);
    expect(v('User', { memberOf: [] })).toEqual([]);
    expect(v('Location', { type: 'file' })).toEqual(['spec.target']);
    expect(v('Location', { targets: ['./a.yaml'] })).toEqual([]);
    expect(v('Component', undefined)).toEqual(['spec']);
  });

  it('validates an API per spec.type, as Backstage does: remote servers have remotes, not a definition', () => {
    const v = (spec: object) => fields({ apiVersion: 'backstage.io/v1alpha1', kind: 'API', metadata: { name: 'x' }, spec: { lifecycle: 'production', owner: 'a', ...spec } });
    const remote = [{ type: 'streamable-http', url: 'http://tools.internal/mcp' }];
    expect(v({ type: 'mcp-server', remotes: remote, tools: ['search'] })).toEqual([]);
    expect(v({ type: 'mcp-server' })).toEqual(['spec.remotes']);
    expect(v({ type: 'mcp-server', remotes: [] })).toEqual(['spec.remotes']);
    expect(v({ type: 'mcp-server', remotes: [{ type: 'sse' }] })).toEqual(['spec.remotes[0].url']);
    expect(v({ type: 'ai-model-server', remotes: remote })).toEqual([]);
    expect(v({ type: 'ai-model-server', serverType: 'openai-v1', serverUrl: 'http://llm.internal/v1' })).toEqual([]);
    // every other type still needs its definition; unknown spec fields stay allowed
    expect(v({ type: 'grpc', remotes: remote })).toEqual(['spec.definition']);
    expect(v({ type: 'grpc', definition: 'syntax = "proto3";', anything: { else: 1 } })).toEqual([]);
  });

  it('rejects wrong types with a message naming the expectation', () => {
    const { problems } = validateEntity(component({ spec: { owner: 7, dependsOn: 'component:x', providesApis: ['a', ''] } }), at);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'spec.owner: must be a string',
      'spec.providesApis[1]: must not be empty',
      'spec.dependsOn: must be a list of strings',
    ]);
  });

  it('requires dependsOn refs to name their kind, as Backstage does', () => {
    const { problems } = validateEntity(component({ spec: { dependsOn: ['component:db-proxy', 'postgres'] } }), at);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'spec.dependsOn[1]' });
    expect(problems[0].message).toMatch(/must name its kind, e\.g\. component:postgres/);
  });

  it('reports malformed refs', () => {
    expect(fields(component({ spec: { owner: 'group:a/b/c' } }))).toEqual(['spec.owner']);
  });

  it('reports bad Tally annotations as errors, unknown tally.dev keys as warnings', () => {
    const { entity, problems } = validateEntity(component({ metadata: { annotations: { 'tally.dev/tier': 'x', 'tally.dev/teir': '1' } } }), at);
    expect(entity).toBeUndefined();
    expect(problems.map((p) => [p.severity, p.field])).toEqual([
      ['error', 'metadata.annotations["tally.dev/tier"]'],
      ['warning', 'metadata.annotations["tally.dev/teir"]'],
    ]);
    const warnOnly = validateEntity(component({ metadata: { annotations: { 'tally.dev/teir': '1' } } }), at);
    expect(warnOnly.entity).toBeDefined();
  });

  it('reports every fault at once, not just the first', () => {
    expect(fields({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: '-bad-', tags: ['X'] }, spec: { type: 'service' } })).toEqual([
      'metadata.name',
      'metadata.tags[0]',
      'spec.lifecycle',
      'spec.owner',
    ]);
  });
});
