import { describe, expect, it } from 'vitest';
import type { Entity } from '../../common/catalog.ts';
import { readTier } from '../../common/tier.ts';
import { readTallyAnnotations, validateTallyAnnotations } from './annotations.ts';

const withAnnotations = (annotations: Record<string, unknown>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations: annotations as Record<string, string> },
  spec: {},
});

describe('readTier', () => {
  it('reads "1".."3" as a number', () => {
    expect(readTier(withAnnotations({ 'tally.dev/tier': '1' }))).toBe(1);
    expect(readTier(withAnnotations({ 'tally.dev/tier': ' 3 ' }))).toBe(3);
  });
  it('is undefined when absent or unusable', () => {
    for (const bad of ['x', '0', '4', '1.5', '', 2]) expect(readTier(withAnnotations({ 'tally.dev/tier': bad })), String(bad)).toBeUndefined();
    expect(readTier({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x' } })).toBeUndefined();
  });
});

describe('readTallyAnnotations', () => {
  it('returns the valid annotations typed, and leaves out invalid ones', () => {
    const entity = withAnnotations({
      'tally.dev/tier': '2',
      'tally.dev/status-url': 'https://checkout.acme.dev/status',
      'tally.dev/runbook-url': 'ftp://wiki/runbook',
      'tally.dev/dashboard-url': 'https://grafana.acme.dev/d/checkout',
      'tally.dev/repo-path': 'services/checkout',
      'github.com/project-slug': 'acme/shop',
      'tally.dev/oncall-rotation': 'alice, bob,payments/carol',
      'backstage.io/techdocs-ref': 'dir:.',
    });
    expect(readTallyAnnotations(entity)).toEqual({
      tier: 2,
      statusUrl: 'https://checkout.acme.dev/status',
      dashboardUrl: 'https://grafana.acme.dev/d/checkout',
      repoPath: 'services/checkout',
      githubSlug: 'acme/shop',
      oncallRotation: ['alice', 'bob', 'payments/carol'],
    });
  });
});

describe('validateTallyAnnotations', () => {
  const at = { file: 'svc.yaml', doc: 0 };
  it('reports each unusable value as an error naming the annotation', () => {
    const problems = validateTallyAnnotations(
      withAnnotations({
        'tally.dev/tier': 'x',
        'tally.dev/status-url': 'status',
        'tally.dev/repo-path': '../other',
        'github.com/project-slug': 'just-a-name',
        'tally.dev/oncall-rotation': 'alice,,bob',
      }),
      at,
    );
    expect(problems.map((p) => [p.severity, p.field])).toEqual([
      ['error', 'metadata.annotations["tally.dev/tier"]'],
      ['error', 'metadata.annotations["tally.dev/status-url"]'],
      ['error', 'metadata.annotations["tally.dev/repo-path"]'],
      ['error', 'metadata.annotations["github.com/project-slug"]'],
      ['error', 'metadata.annotations["tally.dev/oncall-rotation"]'],
    ]);
    expect(problems[0]).toMatchObject({ file: 'svc.yaml', doc: 0, message: 'must be "1", "2" or "3" (1 is the most critical), got "x"' });
  });

  it('accepts a path on this Tally server for the URLs Tally calls itself, not for links', () => {
    const paths = { 'tally.dev/status-url': '/demo/status/checkout', 'tally.dev/webhook-url': '/demo/webhooks/team-a', 'tally.dev/slack-webhook': '/demo/webhooks/team-a', 'tally.dev/runbook-url': '/wiki/checkout' };
    expect(validateTallyAnnotations(withAnnotations(paths), at).map((p) => p.field)).toEqual(['metadata.annotations["tally.dev/runbook-url"]']);
    expect(readTallyAnnotations(withAnnotations(paths))).toMatchObject({ statusUrl: '/demo/status/checkout', webhookUrl: '/demo/webhooks/team-a' });
  });

  it('warns about misspelt tally.dev annotations, but allows other tally.dev keys', () => {
    const problems = validateTallyAnnotations(withAnnotations({ 'tally.dev/runbook': 'https://x', 'tally.dev/teir': '1', 'tally.dev/role': 'hypervisor' }), at);
    expect(problems.map((p) => [p.severity, p.field, p.message])).toEqual([
      ['warning', 'metadata.annotations["tally.dev/runbook"]', 'unknown Tally annotation; did you mean tally.dev/runbook-url?'],
      ['warning', 'metadata.annotations["tally.dev/teir"]', 'unknown Tally annotation; did you mean tally.dev/tier?'],
    ]);
  });
});
