import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGrading, type CheckType, type CollectDeps } from '../../checks/index.ts';
import { collectObservations, evaluateScorecard, observationKey } from './evaluate.ts';
import { context, entity, NOW, req, scorecard, testGrading } from '../testing.ts';

const probe = (collect: CheckType['collect'], evaluate?: CheckType['evaluate']): CheckType => ({
  type: 'probe',
  schema: z.looseObject({ type: z.literal('probe') }),
  allowedFromApi: true,
  collect,
  evaluate: evaluate ?? ((_c, _ctx, obs) => (obs === 200 ? { state: 'pass', message: 'up' } : { state: 'fail', message: `got ${String(obs)}` })),
});
const types = (t: CheckType) => createGrading([...testGrading.checkTypes.values(), t], testGrading.providers);
const deps = { now: () => NOW, offline: false, fetch, config: { outbound: { allow: [], allowPrivate: false, allowLinkLocal: false }, prometheus: {}, baseDir: '.' }, timeoutMs: 1000 } as CollectDeps;

const sc = scorecard(
  {
  appliesTo: { kind: 'Component' },
  requirements: [
    req('owner', 10, { gate: 'D', check: { type: 'expr', expr: 'entity.spec.owner != ""' } }),
    req('tier1-only', 5, { appliesTo: { tier: 1 }, check: { type: 'expr', expr: 'false' } }),
    req('status', 5, { check: { type: 'probe' } }),
  ],
  },
  'prod',
  types(probe(undefined)),
);
const a = context(entity('a'));
const b = context(entity('b', { spec: { owner: '' } }));
const group = context(entity('g', { kind: 'Group' }));

describe('evaluateScorecard', () => {
  it('evaluates every applicable entity and requirement, with n/a for requirements that do not apply', () => {
    const t = types(probe(undefined));
    const obs = new Map([[observationKey('prod', 'status', a.ref), 200]]);
    const [ra, rb, ...rest] = evaluateScorecard(sc, [a, b, group], obs, { now: NOW, grading: t });
    expect(rest).toEqual([]); // the Group is not in appliesTo
    expect(ra).toMatchObject({ scorecard: 'prod', version: sc.version, entity: 'component:default/a', score: 100, grade: 'A+' });
    expect(ra.requirements.map((r) => [r.id, r.state, r.points])).toEqual([['owner', 'pass', 1], ['tier1-only', 'n/a', null], ['status', 'pass', 1]]);
    expect(rb).toMatchObject({ score: 0, grade: 'F' });
    expect(rb.requirements[2]).toMatchObject({ state: 'fail', message: 'got undefined' });
  });

  it('an evaluate() that throws or an unknown type gives error, never a pass', () => {
    const t = types(probe(undefined, () => { throw new Error('kaboom'); }));
    const [r] = evaluateScorecard(sc, [a], new Map(), { now: NOW, grading: t });
    expect(r.requirements[2]).toMatchObject({ state: 'error', message: 'could not evaluate: kaboom', points: 0 });
    const [u] = evaluateScorecard(sc, [a], new Map(), { now: NOW, grading: testGrading });
    expect(u.requirements[2]).toMatchObject({ state: 'error', message: "could not evaluate: unknown check type 'probe'" });
  });

  it('applies waivers for this scorecard only', () => {
    const t = types(probe(undefined));
    const waivers = [
      { entityRef: a.ref, scorecard: 'prod', requirement: 'status', approved: true },
      { entityRef: b.ref, scorecard: 'other', requirement: 'status', approved: true },
    ];
    const [ra, rb] = evaluateScorecard(sc, [a, b], new Map(), { now: NOW, grading: t, waivers });
    expect(ra.requirements[2].state).toBe('exempt');
    expect(ra.score).toBe(100);
    expect(rb.requirements[2].state).toBe('fail');
  });
});

describe('collectObservations', () => {
  it('calls collect once per check type with every item', async () => {
    const calls: string[][] = [];
    const t = types(probe(async (items) => {
      calls.push(items.map((i) => i.ctx.ref));
      return new Map(items.map((i) => [i.key, 200]));
    }));
    const obs = await collectObservations(sc, [a, b, group], deps, { grading: t });
    expect(calls).toEqual([['component:default/a', 'component:default/b']]);
    expect(obs.get(observationKey('prod', 'status', b.ref))).toBe(200);
  });

  it('a collector that throws or hangs gives error for its items, and the run goes on', async () => {
    for (const collect of [async () => { throw new Error('prometheus down'); }, () => new Promise<Map<string, unknown>>(() => {})]) {
      const t = types(probe(collect));
      const obs = await collectObservations(sc, [a], deps, { grading: t, batchTimeoutMs: 20 });
      const [r] = evaluateScorecard(sc, [a], obs, { now: NOW, grading: t });
      expect(r.requirements[2]).toMatchObject({ state: 'error', message: expect.stringMatching(/could not collect: (prometheus down|'probe' collector timed out after 20 ms)/) });
      expect(r.requirements[0].state).toBe('pass');
    }
  });
});
