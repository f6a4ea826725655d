// The `slo` context provider on both engines (SLOs stored as the OpenSLO kind stores them) and
// the check's three rules: has an SLO, budget left (from budgets as Prometheus gave them; an
// error is never a pass), burn-rate alerts labelled for the owning team.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { testConfig } from '../testing/app.ts';
import type { SloBudget } from '../../common/api/slo.ts';
import { entityCtx, testGrading } from '../checks/testing.ts';
import { documentsFromText } from '../platform/documents/files.ts';
import { sloCheck, sloCheckSchema, sloContext, type SloFacts } from './check.ts';
import { replaceSloDocuments } from './repository.ts';

const DEMO = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'acme', 'slos', 'payments.yaml'), 'utf8');
const PAYMENTS = 'component:default/payments';
const target = { scorecard: 'sc', requirementId: 'r' };

describeEachEngine('slo context and check', ({ db }) => {
  let facts: Map<string, SloFacts>;
  beforeAll(async () => {
    const docs = documentsFromText(DEMO.replace('  labels:\n    team: team-payments\n  annotations:\n    tally.dev/runbook: https://runbooks.acme.example/payments/latency', '  annotations:\n    tally.dev/runbook: https://runbooks.acme.example/payments/latency'), 'payments.yaml').documents;
    await replaceSloDocuments(db().db, docs.map((d) => ({ kind: d.kind, name: (d.body.metadata as { name: string }).name, body: JSON.stringify(d.body), file: d.file, doc: d.doc, updated_at: '2026-11-23T12:00:00.000Z' })));
    const catalog = { entities: [], relations: [], generation: 'g' };
    facts = (await sloContext.load({ db: db().db, config: testConfig(), now: new Date('2026-11-23T12:00:00Z') }, catalog, [PAYMENTS, 'component:default/search'])) as Map<string, SloFacts>;
  });

  const ctx = (ref: string, owner?: string) => ({ ...entityCtx(ref.split('/')[1]), ref, owner: owner ? { ref: owner, members: [] } : undefined, data: { slo: facts.get(ref) } });
  const evaluate = (config: Record<string, unknown>, c: ReturnType<typeof ctx>, observation?: unknown) => sloCheck.evaluate(sloCheckSchema.parse({ type: 'slo', ...config }), c, observation, testGrading, target);

  it('gives a service its SLOs by spec.service', () => {
    expect(facts.get(PAYMENTS)?.slos).toEqual([
      { name: 'payments-availability', windowDays: 28, targetPercent: 99.9, burnRateAlerts: 2, team: 'team-payments', route: { alert: 'PaymentsAvailabilityErrorBudgetBurningFast', rotation: null, reason: 'the service payments is not in the catalog' } },
      { name: 'payments-fast', windowDays: 28, targetPercent: 99, burnRateAlerts: 2, team: 'team-payments', route: expect.objectContaining({ rotation: null }) },
      { name: 'payments-latency', windowDays: 28, targetPercent: 99, burnRateAlerts: 2, team: null, route: expect.objectContaining({ rotation: null }) },
    ]);
    expect(facts.has('component:default/search')).toBe(false);
  });

  it('hasSlo: passes with SLOs, fails without', () => {
    expect(evaluate({ hasSlo: {} }, ctx(PAYMENTS))).toMatchObject({ state: 'pass', message: expect.stringContaining('payments-availability (99.9 % over 28 d)') });
    expect(evaluate({ hasSlo: {} }, ctx('component:default/search'))).toMatchObject({ state: 'fail' });
  });

  it('alertsRouted: a service outside the catalog pages nobody (check-routing.test.ts routes to real rotations)', () => {
    expect(evaluate({ alertsRouted: {} }, ctx(PAYMENTS, 'group:default/team-payments'))).toMatchObject({ state: 'fail', message: expect.stringContaining('payments-availability: PaymentsAvailabilityErrorBudgetBurningFast would page nobody (the service payments is not in the catalog)') });
  });

  it('budgetRemaining: below the minimum fails naming the SLO; a Prometheus error is an error, not a pass', () => {
    const budget = (slo: string, state: SloBudget['state'], remaining: number | null) => ({ slo, state, budgetRemaining: remaining, message: state === 'ok' ? 'fine' : 'could not evaluate: down' });
    expect(evaluate({ budgetRemaining: { min: 0.25 } }, ctx(PAYMENTS), [budget('payments-availability', 'ok', 0.5), budget('payments-latency', 'ok', 0.1)])).toMatchObject({ state: 'fail', message: 'error budget below 25 %: payments-latency 10 %' });
    expect(evaluate({ budgetRemaining: { min: 0.25 } }, ctx(PAYMENTS), [budget('payments-availability', 'ok', 0.5), budget('payments-latency', 'ok', 0.3)])).toMatchObject({ state: 'pass' });
    expect(evaluate({ budgetRemaining: {} }, ctx(PAYMENTS), [budget('payments-availability', 'error', null), budget('payments-latency', 'ok', 0.3)])).toMatchObject({ state: 'error', message: expect.stringContaining('could not evaluate payments-availability') });
    expect(evaluate({ budgetRemaining: {} }, ctx('component:default/search'))).toMatchObject({ state: 'fail', message: 'the service has no SLO' });
  });

  it('refuses a check that names no rule or two', () => {
    expect(sloCheckSchema.safeParse({ type: 'slo' }).success).toBe(false);
    expect(sloCheckSchema.safeParse({ type: 'slo', hasSlo: {}, alertsRouted: {} }).success).toBe(false);
  });
});
