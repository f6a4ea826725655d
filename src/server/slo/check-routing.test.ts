// The `slo` check's alertsRouted rule against the on-call domain's real routing, on both engines:
// the catalog and rotations of the on-call tests (payments belongs to team-a, whose rotation
// covers it; orphan's team has none), SLOs stored as the OpenSLO kind stores them. The page alert
// `tally slo rules` writes for each SLO is routed exactly as an alert arriving now would be.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { oncallTestApp, type OncallTestApp } from '../oncall/testing.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { testGrading } from '../checks/testing.ts';
import { documentsFromText } from '../platform/documents/files.ts';
import { sloCheck, sloCheckSchema, sloContext, type SloFacts } from './check.ts';
import { replaceSloDocuments } from './repository.ts';

const slo = (name: string, service: string) => `---
apiVersion: openslo/v1
kind: SLO
metadata: { name: ${name} }
spec:
  service: ${service}
  indicator: { metadata: { name: ${name}-sli }, spec: { ratioMetric: { counter: true, bad: { metricSource: { type: Prometheus, spec: { query: 'x_total{code="500"}' } } }, total: { metricSource: { type: Prometheus, spec: { query: x_total } } } } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  objectives: [{ targetPercent: 99.9 }]
`;

describeEachEngine('slo check: burn-rate alerts route to a rotation', (engine) => {
  let t: OncallTestApp;
  let facts: Map<string, SloFacts>;
  beforeAll(async () => {
    t = await oncallTestApp(engine.db());
    const docs = documentsFromText(slo('payments-availability', 'payments') + slo('orphan-availability', 'orphan'), 'slos.yaml').documents;
    await replaceSloDocuments(t.deps.db, docs.map((d) => ({ kind: d.kind, name: (d.body.metadata as { name: string }).name, body: JSON.stringify(d.body), file: d.file, doc: d.doc, updated_at: '2026-11-23T12:00:00.000Z' })));
    const catalog = await catalogSnapshot(t.deps.db);
    facts = (await sloContext.load({ db: t.deps.db, config: t.deps.config, now: t.deps.clock() }, catalog, ['component:default/payments', 'component:default/orphan'])) as Map<string, SloFacts>;
  });
  afterAll(async () => t?.app.close());

  const judge = (ref: string) => sloCheck.evaluate(sloCheckSchema.parse({ type: 'slo', alertsRouted: {} }), { data: { slo: facts.get(ref) } } as never, undefined, testGrading, { scorecard: 'sc', requirementId: 'r' });

  it('passes when the page alert reaches the owning team’s rotation', () => {
    expect(facts.get('component:default/payments')!.slos[0].route).toEqual({ alert: 'PaymentsAvailabilityErrorBudgetBurningFast', rotation: 'team-a-primary', reason: null });
    expect(judge('component:default/payments')).toMatchObject({ state: 'pass', message: 'burn-rate alerts of 1 SLO(s) page rotation team-a-primary' });
  });

  it('fails naming the alert and why nobody would be paged', () => {
    expect(judge('component:default/orphan')).toMatchObject({ state: 'fail', message: expect.stringMatching(/^orphan-availability: OrphanAvailabilityErrorBudgetBurningFast would page nobody \(component:default\/orphan has no rotation/) });
  });
});
