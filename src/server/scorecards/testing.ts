// Test helpers for scorecards and checks: small entities, contexts and scorecards.
import type { Entity } from '../../common/catalog.ts';
import type { CheckContext, CheckType } from '../checks/types.ts';
import { parseScorecard, type Scorecard } from './document.ts';

export const NOW = new Date('2025-06-15T12:00:00Z');

export function entity(name: string, over: { annotations?: Record<string, string>; spec?: Record<string, unknown>; tags?: string[]; kind?: string } = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: over.kind ?? 'Component',
    metadata: { name, annotations: over.annotations ?? {}, ...(over.tags ? { tags: over.tags } : {}) },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a', ...over.spec },
  };
}

export function context(e: Entity, over: Partial<CheckContext> = {}): CheckContext {
  return {
    ref: `${e.kind}:default/${e.metadata.name}`.toLowerCase(),
    entity: e,
    dependencies: [],
    graph: { inCycle: false, cycle: [], blocked: false, bootWave: 0, violations: [] },
    facts: {},
    now: NOW,
    ...over,
  };
}

/** A valid scorecard from a spec fragment; throws with the problems when invalid. */
export function scorecard(spec: Record<string, unknown>, name = 'prod', checkTypes?: Map<string, CheckType>): Scorecard {
  const body = { apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name }, spec };
  const { scorecard, problems } = parseScorecard(body, { file: 't.yaml', doc: 0 }, { fromApi: false, checkTypes });
  if (!scorecard) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  return scorecard;
}

/** A requirement with an always-true expr check. */
export const req = (id: string, weight: number, extra: Record<string, unknown> = {}) => ({ id, title: id, weight, check: { type: 'expr', expr: 'true' }, ...extra });
