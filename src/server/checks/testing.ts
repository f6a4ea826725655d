// Test helpers for the I/O check types (not a test file itself): a check context for an
// entity, collect dependencies, and a grading environment.
import type { Entity } from '../../common/catalog.ts';
import { commandCheck } from './command.ts';
import { exprCheck } from './expr.ts';
import { gitCheck } from './git.ts';
import { createGrading } from './grading.ts';
import { httpCheck } from './http.ts';
import { prometheusCheck } from './prometheus.ts';
import type { CheckContext, CollectDeps } from './types.ts';

/** The generic check types with no context providers: what these tests evaluate with. */
export const testGrading = createGrading([exprCheck, httpCheck, prometheusCheck, gitCheck, commandCheck], []);

export function entityCtx(name: string, annotations: Record<string, string> = {}, extra: Partial<CheckContext> = {}): CheckContext {
  const entity: Entity = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name, annotations }, spec: { type: 'service', owner: 'team-a' } };
  return {
    ref: `component:default/${name}`,
    entity,
    dependencies: [],
    data: {},
    now: new Date('2025-06-01T12:00:00Z'),
    ...extra,
  };
}

export function testDeps(over: Partial<CollectDeps> = {}, config: Partial<CollectDeps['config']> = {}): CollectDeps {
  return {
    now: () => new Date('2025-06-01T12:00:00Z'),
    offline: false,
    fetch,
    timeoutMs: 2000,
    config: { outbound: { allow: [], allowPrivate: true, allowLinkLocal: false }, prometheus: {}, baseDir: '/tmp', ...config },
    ...over,
  };
}
