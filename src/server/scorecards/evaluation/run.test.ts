import { testHost } from '../../testing/host.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../../testing/app.ts';
import { describeEachEngine } from '../../testing/db.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/app.ts';
import { fixtureDir, scorecardYaml } from '../testing.ts';
import { runDueScorecards } from '../jobs.ts';
import { makeJobDue } from '../../platform/jobs/leases.ts';

const DAY = 86_400_000;

describeEachEngine('scorecard evaluation', ({ db }) => {
  const fx = fixtureDir();
  const clock = testClock('2026-11-23T12:00:00Z');
  let deps: AppDeps;
  let app: App;
  let editor: Record<string, string>;
  const evaluate = async (body: Record<string, unknown> = {}) => (await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: editor, payload: body })).json();
  const scores = async (ref: string) => (await app.inject({ url: `/api/v1/entities/${ref}/scores?scorecard=prod` })).json().scorecards[0];
  const states = async (ref: string) => Object.fromEntries((await scores(ref)).requirements.map((r: { id: string; state: string }) => [r.id, r.state]));
  const count = async (table: 'requirement_results' | 'grade_history', entity?: string) => {
    let q = deps.db.selectFrom(table).select(deps.db.fn.countAll<number>().as('n'));
    if (entity) q = q.where('entity', '=', entity);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    deps = testDeps(db(), testConfig({ catalog: { sources: fx.sources } }, fx.dir), clock);
    app = await testApp(deps);
    editor = await authHeader(deps, 'editor');
    const refresh = await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    expect(refresh.statusCode).toBe(200);
  });
  afterAll(async () => app?.close());

  it('loads the scorecard from the sources and evaluates every state through the database', async () => {
    const list = (await app.inject({ url: '/api/v1/scorecards' })).json();
    expect(list.items.map((i: { name: string }) => i.name)).toEqual(['prod']);
    const { runs } = await evaluate();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ scorecard: 'prod', status: 'ok', entities: 2, trigger: 'api' });
    expect(await states('checkout')).toEqual({ owner: 'pass', status: 'n/a', backup: 'pass', drill: 'fail', broken: 'error', later: 'warn', runbook: 'fail', acyclic: 'pass' });
    // cart's backup fact is older than 30 days
    expect((await states('cart')).backup).toBe('stale');
    const card = await scores('checkout');
    // counted: owner 10, backup 8, drill 4, broken 2, later 3 (graced: 1 point), runbook 5, acyclic 3 = 35; points 10+8+3+3 = 24
    expect(card.score).toBeCloseTo(68.57, 2);
    expect(card.grade).toBe('D');
    expect(card.requirements.find((r: { id: string }) => r.id === 'broken').message).toMatch(/could not evaluate/);
    expect(card.nextBestActions[0]).toMatchObject({ requirement: 'runbook' });
    expect(card.pointsToNextGrade).toBeCloseTo(1.43, 2);
  });

  it('stores history compactly: unchanged runs write nothing, one change writes one row', async () => {
    const before = await count('requirement_results');
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await evaluate();
    }
    expect(await count('requirement_results')).toBe(before);
    expect(await count('grade_history', 'component:default/checkout')).toBe(1);
    clock.advance(60_000);
    const attested = await app.inject({ method: 'POST', url: '/api/v1/attestations', headers: editor, payload: { entity: 'checkout', scorecard: 'prod', requirement: 'drill', passed: true, note: 'drill 2026-11', expiresAt: '2027-05-01T00:00:00Z' } });
    expect(attested.statusCode).toBe(201);
    expect(await count('requirement_results')).toBe(before + 1);
    expect(await count('grade_history', 'component:default/checkout')).toBe(2);
    expect((await states('checkout')).drill).toBe('pass');
    const history = (await app.inject({ url: '/api/v1/entities/checkout/history?scorecard=prod' })).json();
    expect(history.grades).toHaveLength(2);
    expect(history.grades[0].to).toBe(history.grades[1].from);
  });

  it('answers the grade at a past time', async () => {
    const early = (await app.inject({ url: '/api/v1/entities/checkout/grade-at?scorecard=prod&at=2026-11-23T12:00:30Z' })).json();
    expect(early).toMatchObject({ grade: 'D', score: 68.57 });
    const now = (await app.inject({ url: `/api/v1/entities/checkout/grade-at?scorecard=prod&at=${clock().toISOString()}` })).json();
    expect(now.score).toBeGreaterThan(early.score);
    const never = await app.inject({ url: '/api/v1/entities/checkout/grade-at?scorecard=prod&at=2020-01-01T00:00:00Z' });
    expect(never.statusCode).toBe(404);
  });

  it('waivers: request → approve → exempt → expiry stops counting', async () => {
    const viewer = await authHeader(deps, 'viewer');
    const noExpiry = await app.inject({ method: 'POST', url: '/api/v1/waivers', headers: viewer, payload: { entity: 'checkout', scorecard: 'prod', requirement: 'runbook', reason: 'runbook being written' } });
    expect(noExpiry.statusCode).toBe(400);
    const tooLong = await app.inject({ method: 'POST', url: '/api/v1/waivers', headers: viewer, payload: { entity: 'checkout', scorecard: 'prod', requirement: 'runbook', reason: 'later', expiresAt: new Date(clock().getTime() + 200 * DAY).toISOString() } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.problems[0].field).toBe('body.expiresAt');
    const expiresAt = new Date(clock().getTime() + 10 * DAY).toISOString();
    const req = await app.inject({ method: 'POST', url: '/api/v1/waivers', headers: viewer, payload: { entity: 'checkout', scorecard: 'prod', requirement: 'runbook', reason: 'runbook being written', expiresAt } });
    expect(req.statusCode).toBe(201);
    const id = req.json().id;
    expect((await app.inject({ method: 'POST', url: `/api/v1/waivers/${id}/approve`, headers: viewer })).statusCode).toBe(403);
    const approved = await app.inject({ method: 'POST', url: `/api/v1/waivers/${id}/approve`, headers: editor });
    expect(approved.statusCode).toBe(200);
    expect((await states('checkout')).runbook).toBe('exempt');
    const card = await scores('checkout');
    expect(card.requirements.find((r: { id: string }) => r.id === 'runbook').waiver).toMatchObject({ id });
    const listed = (await app.inject({ url: '/api/v1/waivers?entity=checkout' })).json();
    expect(listed.items[0]).toMatchObject({ id, status: 'approved', active: true });
    clock.advance(11 * DAY);
    await evaluate();
    expect((await states('checkout')).runbook).toBe('fail');
    const audit = await deps.db.selectFrom('audit_log').select('action').where('target', '=', 'component:default/checkout').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['waiver.request', 'waiver.approve', 'attestation.record']));
  });

  it('refuses a waiver decision by its requester (403), and takes another editor\'s', async () => {
    const requester = await authHeader(deps, 'editor');
    const expiresAt = new Date(clock().getTime() + 5 * DAY).toISOString();
    const req = await app.inject({ method: 'POST', url: '/api/v1/waivers', headers: requester, payload: { entity: 'checkout', scorecard: 'prod', requirement: 'owner', reason: 'team being formed', expiresAt } });
    expect(req.statusCode).toBe(201);
    const { id, requestedBy } = req.json();
    for (const decision of ['approve', 'reject']) {
      const own = await app.inject({ method: 'POST', url: `/api/v1/waivers/${id}/${decision}`, headers: requester });
      expect(own.statusCode).toBe(403);
      expect(own.json().error.message).toBe(`${requestedBy} requested waiver ${id}; another editor must ${decision} it`);
    }
    expect((await app.inject({ url: '/api/v1/waivers?status=requested' })).json().items.map((w: { id: string }) => w.id)).toContain(id);
    const other = await app.inject({ method: 'POST', url: `/api/v1/waivers/${id}/reject`, headers: editor });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({ status: 'rejected', decidedBy: expect.not.stringMatching(requestedBy) });
  });

  it('why-diff names a service change (a fact) and a rubric change (a weight)', async () => {
    const t1 = clock().toISOString();
    clock.advance(60_000);
    const fact = await app.inject({ method: 'POST', url: '/api/v1/facts', headers: editor, payload: { entity: 'checkout', name: 'backup-restored', value: false, observedAt: clock().toISOString() } });
    expect(fact.statusCode).toBe(202);
    await evaluate();
    const t2 = clock().toISOString();
    const service = (await app.inject({ url: `/api/v1/entities/checkout/why?scorecard=prod&from=${t1}&to=${t2}` })).json();
    expect(service.rubricChanged).toBe(false);
    expect(service.serviceChanges).toEqual([expect.objectContaining({ requirement: 'backup', before: 'pass', after: 'fail' })]);
    clock.advance(60_000);
    fx.write('scorecards.yaml', scorecardYaml({ ownerWeight: 30 }));
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    await evaluate();
    const rubric = (await app.inject({ url: `/api/v1/entities/checkout/why?scorecard=prod&from=${t2}` })).json();
    expect(rubric.rubricChanged).toBe(true);
    expect(rubric.rubricChanges).toEqual([expect.objectContaining({ requirement: 'owner', change: 'weight', before: 10, after: 30 })]);
    expect(rubric.serviceChanges).toEqual([]);
    expect(rubric.summary).toMatch(/weight of 'owner' 10 → 30/);
    const detail = (await app.inject({ url: '/api/v1/scorecards/prod' })).json();
    expect(detail.versions).toHaveLength(2);
  });

  it('keeps the previous good scorecard when the document turns bad, and reports the field', async () => {
    const version = (await app.inject({ url: '/api/v1/scorecards/prod' })).json().version;
    fx.write('scorecards.yaml', scorecardYaml().replace('weight: 5, check: { type: http }', 'weight: -1, check: { type: http }'));
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    expect((await app.inject({ url: '/api/v1/scorecards/prod' })).json().version).toBe(version);
    const status = (await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json();
    const docs = status.imports.find((i: { source: string }) => i.source === 'documents: Scorecard');
    expect(docs.problems[0]).toMatchObject({ field: 'spec.requirements[1].weight', doc: 0 });
    fx.write('scorecards.yaml', scorecardYaml({ ownerWeight: 30 }));
  });

  it('makes scorecards due after a refresh and runs them from the scheduler', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    expect(await runDueScorecards(deps, testHost.grading)).toEqual(['prod']);
    expect(await runDueScorecards(deps, testHost.grading)).toEqual([]);
    clock.advance(11 * 60_000);
    expect(await runDueScorecards(deps, testHost.grading)).toEqual(['prod']);
    await makeJobDue(deps.db, 'scorecard:prod');
    expect(await runDueScorecards(deps, testHost.grading)).toEqual(['prod']);
    const runs = (await app.inject({ url: '/api/v1/evaluations?scorecard=prod&limit=2' })).json();
    expect(runs.items[0]).toMatchObject({ trigger: 'schedule', status: 'ok' });
  });
});
