// Test helpers for scorecards and checks: small entities, contexts and scorecards, and a grading
// environment with the generic check types, facts, the graph and manual attestations.
import type { Entity } from '../../common/catalog.ts';
import { checksModule, createGrading, type CheckContext, type Grading } from '../checks/index.ts';
import { factsModule } from '../facts/index.ts';
import { graphModule } from '../graph/index.ts';
import { parseScorecard, type Scorecard } from './document.ts';
import { attestationsContext, manualCheck } from './manual.ts';

export const NOW = new Date('2025-06-15T12:00:00Z');

export const testGrading: Grading = createGrading(
  [...(checksModule.checkTypes ?? []), ...(factsModule.checkTypes ?? []), manualCheck],
  [...(graphModule.contexts ?? []), ...(factsModule.contexts ?? []), attestationsContext],
);

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
    data: { graph: { inCycle: false, cycle: [], blocked: false, bootWave: 0, violations: [] } },
    now: NOW,
    ...over,
  };
}

/** A valid scorecard from a spec fragment; throws with the problems when invalid. */
export function scorecard(spec: Record<string, unknown>, name = 'prod', grading: Grading = testGrading): Scorecard {
  const body = { apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name }, spec };
  const { scorecard, problems } = parseScorecard(body, { file: 't.yaml', doc: 0 }, { fromApi: false, grading });
  if (!scorecard) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  return scorecard;
}

/** A requirement with an always-true expr check. */
export const req = (id: string, weight: number, extra: Record<string, unknown> = {}) => ({ id, title: id, weight, check: { type: 'expr', expr: 'true' }, ...extra });
