import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { applyWebhookMapping, compileWebhookSources, shouldApply, verifyWebhookSignature, type CompiledWebhookSource } from './webhook.ts';

// The example mappings are read from docs/changes.md itself, so the documentation cannot rot.
const docs = readFileSync(new URL('../../../../docs/changes.md', import.meta.url), 'utf8');
const documented = Object.assign(
  {},
  ...[...docs.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((block) => block.startsWith('changes:\n  webhooks:'))
    .map((block) => (parseYaml(block) as { changes: { webhooks: object } }).changes.webhooks),
);
const { sources, problems } = compileWebhookSources(documented);
const source = (name: string) => sources.get(name)!;
const fixture = (name: string) => {
  const raw = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url));
  return { raw, body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> };
};

describe('compileWebhookSources', () => {
  it('compiles the four documented mappings', () => {
    expect(problems).toEqual([]);
    expect([...sources.keys()].sort()).toEqual(['argocd', 'flux', 'launchdarkly', 'terraform']);
  });

  it('names the field and the CEL position of a bad expression', () => {
    const r = compileWebhookSources({ argocd: { mapping: { entities: '[]', kind: '"deploy"', summary: '"Argo CD synced " + + body.x' } } });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].field).toBe('changes.webhooks.argocd.mapping.summary');
    expect(r.problems[0].message).toMatch(/^CEL syntax error: .*\(at line 1, column 21\)$/);
  });

  it('requires entities, kind and summary, and refuses unknown fields', () => {
    const r = compileWebhookSources({ x: { mapping: { kind: '"deploy"', sumary: '"x"' } } });
    expect(r.problems.map((p) => p.field).sort()).toEqual(['changes.webhooks.x.mapping', 'changes.webhooks.x.mapping.entities', 'changes.webhooks.x.mapping.summary']);
  });
});

describe('documented mappings against sample payloads', () => {
  it('Argo CD: a succeeded sync', () => {
    const r = applyWebhookMapping(source('argocd'), fixture('argocd').body, {});
    expect(r.problems).toEqual([]);
    expect(r.input).toMatchObject({
      entities: ['component:default/checkout'],
      kind: 'deploy',
      summary: 'Argo CD sync of checkout to 9c1e5a7',
      status: 'succeeded',
      source: 'webhook:argocd',
      automated: true,
      startedAt: '2024-05-01T11:50:02Z',
      finishedAt: '2024-05-01T11:51:40Z',
      eventTime: '2024-05-01T11:51:40Z',
      externalId: '5c1f0e27-8d2b-4f3a-9a51-3f6c2b7d9e10:2024-05-01T11:50:02Z',
    });
    expect(r.input!.actor).toBeUndefined(); // the template rendered "" for an automated sync
  });

  it('Argo CD: a running sync has no finishedAt and orders by its start', () => {
    const body = fixture('argocd').body as { app: { status: { operationState: Record<string, unknown> } } };
    Object.assign(body.app.status.operationState, { phase: 'Running', finishedAt: '' });
    const r = applyWebhookMapping(source('argocd'), body, {});
    expect(r.input).toMatchObject({ status: 'in-progress', eventTime: '2024-05-01T11:50:02Z' });
    expect(r.input!.finishedAt).toBeUndefined();
  });

  it('Flux: a failed Kustomization, signed as the generic-hmac provider signs', () => {
    const { raw, body } = fixture('flux');
    const signature = `sha256=${createHmac('sha256', 'flux-hmac-secret').update(raw).digest('hex')}`;
    expect(verifyWebhookSignature(source('flux'), raw, { 'x-signature': signature })).toBe(true);
    expect(verifyWebhookSignature(source('flux'), raw, { 'x-tally-signature': signature })).toBe(false);
    const r = applyWebhookMapping(source('flux'), body, { 'X-Signature': signature });
    expect(r.input).toMatchObject({
      entities: ['component:default/checkout'],
      status: 'failed',
      version: 'main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      summary: 'Flux Kustomization apps/checkout: ValidationFailed',
      actor: 'kustomize-controller',
      externalId: '7d0cdc51-ddcf-4743-b223-83ca5c699632:main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    });
  });

  it('Flux: events without a revision are ignored', () => {
    const r = applyWebhookMapping(source('flux'), { ...fixture('flux').body, metadata: undefined }, {});
    expect(r).toEqual({ skipped: true, problems: [] });
  });

  it('Terraform Cloud: a completed run, signed with HMAC-SHA512', () => {
    const { raw, body } = fixture('terraform');
    const signature = createHmac('sha512', 'tfc-notification-token').update(raw).digest('hex');
    expect(verifyWebhookSignature(source('terraform'), raw, { 'x-tfe-notification-signature': signature })).toBe(true);
    const r = applyWebhookMapping(source('terraform'), body, {});
    expect(r.input).toMatchObject({
      entities: ['resource:default/checkout-infra'],
      kind: 'infra',
      summary: 'Terraform apply in checkout-infra: Add five new queue workers',
      status: 'succeeded',
      externalId: 'run-FwnENkvDnrpyFC7M',
      startedAt: '2024-05-01T11:30:00Z',
      finishedAt: '2024-05-01T11:34:12Z',
      links: [{ url: 'https://app.terraform.io/app/acme/checkout-infra/runs/run-FwnENkvDnrpyFC7M', title: 'Terraform run' }],
      labels: { 'terraform.organization': 'acme', 'terraform.run_status': 'applied' },
    });
  });

  it('Terraform Cloud: plan-only runs and the verification delivery are ignored', () => {
    const { body } = fixture('terraform');
    const note = (body.notifications as object[])[0];
    expect(applyWebhookMapping(source('terraform'), { ...body, notifications: [{ ...note, run_status: 'planned_and_finished' }] }, {}).skipped).toBe(true);
    expect(applyWebhookMapping(source('terraform'), { ...body, notifications: [{ ...note, trigger: 'verification' }] }, {}).skipped).toBe(true);
  });

  it('LaunchDarkly: a flag turned on, dated by its epoch milliseconds', () => {
    const { raw, body } = fixture('launchdarkly');
    const signature = createHmac('sha256', 'ld-webhook-secret').update(raw).digest('hex');
    expect(verifyWebhookSignature(source('launchdarkly'), raw, { 'x-ld-signature': signature })).toBe(true);
    const r = applyWebhookMapping(source('launchdarkly'), body, {});
    expect(r.input).toMatchObject({
      entities: ['component:default/checkout'],
      kind: 'feature-flag',
      summary: 'Alex Doe turned on the flag New checkout flow',
      actor: 'alex@example.com',
      automated: false,
      environment: 'production',
      startedAt: '2024-05-01T11:50:00.000Z',
      eventTime: '2024-05-01T11:50:00.000Z',
      labels: { 'launchdarkly.flag': 'new-checkout-flow' },
    });
  });
});

describe('applyWebhookMapping', () => {
  const compiled = (mapping: Record<string, string>): CompiledWebhookSource => {
    const r = compileWebhookSources({ t: { mapping: { entities: '["checkout"]', kind: '"deploy"', summary: '"s"', startedAt: '"2024-05-01T00:00:00Z"', ...mapping } } });
    expect(r.problems).toEqual([]);
    return r.sources.get('t')!;
  };

  it('refuses a delivery whose required field cannot be read, naming the field', () => {
    const r = applyWebhookMapping(compiled({ summary: 'body.missing.name' }), {}, {});
    expect(r.input).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ severity: 'error', field: 'mapping.summary' });
  });

  it('leaves out an optional field missing from this body, with a warning', () => {
    const r = applyWebhookMapping(compiled({ version: 'body.app.revision' }), { app: {} }, {});
    expect(r.input!.version).toBeUndefined();
    expect(r.problems).toMatchObject([{ severity: 'warning', field: 'mapping.version' }]);
  });

  it('refuses values the change record refuses', () => {
    const r = applyWebhookMapping(compiled({ kind: '"rollout"', startedAt: '"last tuesday"' }), {}, {});
    expect(r.input).toBeUndefined();
    expect(r.problems.map((p) => p.field).sort()).toEqual(['mapping.kind', 'mapping.startedAt']);
  });

  it('reads headers by lower-case name, and whole numbers as ints', () => {
    const r = applyWebhookMapping(compiled({ actor: 'headers["x-user"]', version: 'string(body.build + 1)' }), { build: 41 }, { 'X-User': 'ci' });
    expect(r.input).toMatchObject({ actor: 'ci', version: '42' });
  });
});

describe('shouldApply', () => {
  it('drops an update older than the stored state', () => {
    expect(shouldApply({ eventTime: '2024-05-01T12:00:00Z' }, { eventTime: '2024-05-01T11:59:00Z' })).toBe(false);
    expect(shouldApply({ eventTime: '2024-05-01T12:00:00Z' }, { eventTime: '2024-05-01T12:01:00Z' })).toBe(true);
  });
  it('applies when either side has no event time', () => {
    expect(shouldApply({}, { eventTime: '2024-05-01T11:59:00Z' })).toBe(true);
    expect(shouldApply({ eventTime: '2024-05-01T12:00:00Z' }, {})).toBe(true);
  });
  it('on equal times, does not let in-progress overwrite a finished state', () => {
    const t = '2024-05-01T12:00:00Z';
    expect(shouldApply({ eventTime: t, status: 'succeeded' }, { eventTime: t, status: 'in-progress' })).toBe(false);
    expect(shouldApply({ eventTime: t, status: 'in-progress' }, { eventTime: t, status: 'failed' })).toBe(true);
    expect(shouldApply({ eventTime: t, status: 'succeeded' }, { eventTime: t, status: 'rolled-back' })).toBe(true);
  });
});
