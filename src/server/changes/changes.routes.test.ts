import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { changesTestApp, type ChangesTestApp } from './testing.ts';

const change = (over: Record<string, unknown> = {}) => ({ entities: ['checkout'], kind: 'deploy', summary: 'Deploy checkout', startedAt: '2026-11-23T11:00:00Z', ...over });

describeEachEngine('changes API', ({ db }) => {
  let t: ChangesTestApp;
  const post = (body: unknown, headers: Record<string, string> = t.editor) => t.app.inject({ method: 'POST', url: '/api/v1/changes', headers, payload: body as object });
  const list = async (qs: string) => (await t.app.inject({ url: `/api/v1/changes?${qs}` })).json();

  beforeAll(async () => {
    t = await changesTestApp(db());
  });
  afterAll(async () => t?.app.close());

  it('records a change for editors only, and returns it normalised', async () => {
    expect((await post(change(), {})).statusCode).toBe(401);
    expect((await post(change(), await authHeader(t.deps, 'viewer'))).statusCode).toBe(403);
    const res = await post(change({ externalId: 'ci-1', version: 'v1', labels: { team: 'a' } }));
    expect(res.statusCode).toBe(201);
    const { id, created, unmapped } = res.json();
    expect({ created, unmapped }).toEqual({ created: true, unmapped: false });
    const got = (await t.app.inject({ url: `/api/v1/changes/${id}` })).json();
    expect(got).toMatchObject({ id, entities: ['component:default/checkout'], kind: 'deploy', status: 'succeeded', source: 'api', startedAt: '2026-11-23T11:00:00.000Z', labels: { team: 'a' }, revertAttempt: null });
  });

  it('is idempotent on (source, externalId): a repeat returns the same id and updates the record', async () => {
    const first = (await post(change({ externalId: 'ci-2', status: 'in-progress' }))).json();
    const again = await post(change({ externalId: 'ci-2', status: 'succeeded', finishedAt: '2026-11-23T11:05:00Z' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.id, created: false, applied: true });
    const other = (await post(change({ externalId: 'ci-2', source: 'cli' }))).json();
    expect(other.id).not.toBe(first.id);
    const stored = (await t.app.inject({ url: `/api/v1/changes/${first.id}` })).json();
    expect(stored).toMatchObject({ status: 'succeeded', finishedAt: '2026-11-23T11:05:00.000Z' });
  });

  it('fills previousVersion of every deploy in a batch from the last succeeded deploy of its entity and environment', async () => {
    const base = { kind: 'deploy', summary: 'deploy', entities: ['payments'] };
    expect((await post({ changes: [
      { ...base, startedAt: '2026-11-20T10:00:00Z', version: 'p1' },
      { ...base, startedAt: '2026-11-20T11:00:00Z', version: 'p2', status: 'failed' },
      { ...base, startedAt: '2026-11-20T12:00:00Z', version: 's1', environment: 'staging' },
    ] })).statusCode).toBe(201);
    const res = await post({ changes: [
      { ...base, startedAt: '2026-11-21T10:00:00Z', version: 'p3' },
      { ...base, startedAt: '2026-11-21T10:00:00Z', version: 's2', environment: 'staging' },
      { ...base, startedAt: '2026-11-21T10:00:00Z', version: 'p4', previousVersion: 'given' },
      { ...base, startedAt: '2026-11-21T10:00:00Z', version: 'p1' },
      { ...base, startedAt: '2026-11-19T10:00:00Z', version: 'p0' },
      { ...base, entities: ['never-deployed'], startedAt: '2026-11-21T10:00:00Z', version: 'n1' },
    ] });
    expect(res.statusCode).toBe(201);
    const got = await Promise.all(res.json().results.map(async (r: { id: string }) => (await t.app.inject({ url: `/api/v1/changes/${r.id}` })).json().previousVersion ?? null));
    expect(got).toEqual(['p1', 's1', 'given', null, null, null]);
  });

  it('keeps changes for unknown entities, flagged unmapped', async () => {
    const res = (await post(change({ entities: ['ghost-service'], summary: 'Deploy ghost' }))).json();
    expect(res.unmapped).toBe(true);
    const page = await list('unmapped=true');
    expect(page.items.map((c: { summary: string }) => c.summary)).toContain('Deploy ghost');
  });

  it('records a batch all or nothing, naming each fault; refuses far-future times with the reason', async () => {
    const bad = await post({ changes: [change({ summary: 'ok' }), change({ startedAt: '2026-12-01T00:00:00Z' }), change({ kind: 'rollout' })] });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(['changes[2].kind']);
    const future = await post({ changes: [change({ summary: 'ok' }), change({ startedAt: '2026-12-01T00:00:00Z' })] });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.problems[0]).toMatchObject({ field: 'changes[1].startedAt' });
    expect(future.json().error.message).toMatch(/more than 1 day in the future/);
    expect((await list('q=ok')).items).toHaveLength(0);
    const good = await post({ changes: [change({ summary: 'batch one' }), change({ summary: 'batch two', entities: ['tax'] })] });
    expect(good.statusCode).toBe(201);
    expect(good.json().results).toHaveLength(2);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post({ changes: [change({ description: 'x'.repeat(1100 * 1024) })] });
    expect(res.statusCode).toBe(413);
  });

  it('patches status, finish time and postmortem; refuses other fields', async () => {
    const { id } = (await post(change({ status: 'in-progress', automated: true }))).json();
    const patch = (body: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/changes/${id}`, headers: t.editor, payload: body });
    expect((await patch({ summary: 'rewrite' })).statusCode).toBe(400);
    expect((await patch({ finishedAt: '2026-11-23T10:00:00Z' })).json().error.problems[0].field).toBe('finishedAt');
    const res = await patch({ status: 'failed', finishedAt: '2026-11-23T11:10:00Z', postmortemUrl: 'https://wiki/pm/1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'failed', postmortemUrl: 'https://wiki/pm/1', summary: 'Deploy checkout' });
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/changes/nope', headers: t.editor, payload: { status: 'failed' } })).statusCode).toBe(404);
  });

  it('never returns revert webhook secrets, not even in the answer to a PATCH', async () => {
    const revert = { webhook: { url: 'https://deploy.example/revert', secret: 's3cret', headers: { Authorization: 'Bearer t0ken' } } };
    const { id } = (await post(change({ revert }))).json();
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/changes/${id}`, headers: t.editor, payload: { status: 'failed' } });
    expect(patched.statusCode).toBe(200);
    const got = (await t.app.inject({ url: `/api/v1/changes/${id}` })).json();
    for (const body of [patched.json(), got]) {
      expect(body.revert.webhook).toMatchObject({ secret: '***', headers: { Authorization: '***' } });
      expect(JSON.stringify(body)).not.toMatch(/s3cret|t0ken/);
    }
  });

  it('filters by time, entity (with dependencies), kind, actor, status and text, newest first with cursors', async () => {
    await post({
      changes: [
        change({ entities: ['resource:payments-db'], kind: 'infra', summary: 'db failover drill', actor: 'kim', startedAt: '2026-11-22T09:00:00Z' }),
        change({ entities: ['payments'], kind: 'config', summary: 'psp timeout', actor: 'dev', startedAt: '2026-11-22T10:00:00Z' }),
        change({ entities: ['ledger'], kind: 'deploy', summary: 'ledger deploy', actor: 'dev', status: 'failed', startedAt: '2026-11-22T11:00:00Z' }),
      ],
    });
    const range = 'from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z';
    expect((await list(range)).items.map((c: { summary: string }) => c.summary)).toEqual(['ledger deploy', 'psp timeout', 'db failover drill']);
    expect((await list(`${range}&entity=checkout`)).items).toHaveLength(0);
    const deps = await list(`${range}&entity=checkout&withDependencies=true`);
    expect(deps.items.map((c: { summary: string }) => c.summary)).toEqual(['psp timeout', 'db failover drill']);
    expect(deps.entities).toEqual(expect.arrayContaining(['component:default/payments', 'resource:default/payments-db', 'component:default/tax']));
    expect((await list(`${range}&kind=infra,config&actor=dev`)).items.map((c: { summary: string }) => c.summary)).toEqual(['psp timeout']);
    expect((await list(`${range}&status=failed`)).items.map((c: { summary: string }) => c.summary)).toEqual(['ledger deploy']);
    expect((await list('q=FAILOVER')).items.map((c: { summary: string }) => c.summary)).toEqual(['db failover drill']);
    const first = await list(`${range}&limit=2`);
    const second = await list(`${range}&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((c: { summary: string }) => c.summary)).toEqual(['ledger deploy', 'psp timeout', 'db failover drill']);
    expect(second.nextCursor).toBeNull();
    expect((await t.app.inject({ url: '/api/v1/changes?cursor=garbage' })).statusCode).toBe(400);
  });

  it('serves a timeline in hour buckets with counts by kind', async () => {
    const res = (await t.app.inject({ url: '/api/v1/changes/timeline?from=2026-11-22T08:00:00Z&to=2026-11-22T12:00:00Z' })).json();
    expect(res.bucket).toBe('hour');
    expect(res.buckets.map((b: { total: number }) => b.total)).toEqual([0, 1, 1, 1]);
    expect(res.buckets[1]).toEqual({ start: '2026-11-22T09:00:00.000Z', total: 1, byKind: { infra: 1 } });
    expect(res.changes).toHaveLength(3);
  });

  it('ranks suspects from the entity and its dependencies, with reasons', async () => {
    await post({
      changes: [
        change({ entities: ['checkout'], summary: 'checkout deploy 5 min before', startedAt: '2026-11-23T07:50:00Z', finishedAt: '2026-11-23T07:55:00Z' }),
        change({ entities: ['payments'], kind: 'config', summary: 'payments config 90 min before', startedAt: '2026-11-23T06:30:00Z' }),
        change({ entities: ['resource:payments-db'], kind: 'infra', summary: 'db change 2 hops', startedAt: '2026-11-23T07:40:00Z', status: 'failed' }),
        change({ entities: ['ledger'], summary: 'unrelated ledger deploy', startedAt: '2026-11-23T07:58:00Z' }),
        change({ entities: ['checkout'], summary: 'after the problem', startedAt: '2026-11-23T08:10:00Z' }),
      ],
    });
    const res = await t.app.inject({ url: '/api/v1/changes/suspects?entity=checkout&at=2026-11-23T08:00:00Z&window=2h' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.suspects.map((s: { change: { summary: string } }) => s.change.summary)).toEqual(['checkout deploy 5 min before', 'db change 2 hops', 'payments config 90 min before']);
    expect(body.suspects[0].reasons).toEqual(['5 min before the problem', 'on checkout itself']);
    expect(body.suspects[1]).toMatchObject({ distance: 2, via: 'resource:default/payments-db' });
    expect(body.suspects[1].reasons).toEqual(expect.arrayContaining(['2 hops away (payments-db)', 'failed infra']));
    expect((await t.app.inject({ url: '/api/v1/changes/suspects?entity=checkout&window=forever' })).statusCode).toBe(400);
  });

  it('counts long changes that started before the window but ran into it, and ones still in progress', async () => {
    await post({
      changes: [
        change({ entities: ['tax'], kind: 'db-migration', summary: 'long migration', startedAt: '2026-11-23T02:00:00Z', finishedAt: '2026-11-23T07:50:00Z' }),
        change({ entities: ['tax'], kind: 'infra', summary: 'still rolling', startedAt: '2026-11-22T20:00:00Z', status: 'in-progress' }),
        change({ entities: ['tax'], kind: 'infra', summary: 'long but over before the window', startedAt: '2026-11-23T01:00:00Z', finishedAt: '2026-11-23T05:00:00Z' }),
      ],
    });
    const body = (await t.app.inject({ url: '/api/v1/changes/suspects?entity=tax&at=2026-11-23T08:00:00Z&window=2h' })).json();
    expect(body.suspects.map((s: { change: { summary: string } }) => s.change.summary)).toEqual(['still rolling', 'long migration']);
    expect(body.suspects[0].reasons[0]).toBe('in progress when the problem began');
  });

  it('computes DORA figures per service and for a team', async () => {
    const res = (await t.app.inject({ url: '/api/v1/dora?team=team-a&from=2026-11-01T00:00:00Z&to=2026-11-24T00:00:00Z' })).json();
    expect(res.team).toBe('group:default/team-a');
    const checkout = res.services.find((s: { entity: string }) => s.entity === 'component:default/checkout');
    expect(checkout.figures.deploymentFrequency.count).toBeGreaterThan(0);
    expect(checkout.figures.timeToRestoreHours).toBeNull();
    expect(res.overall.changeFailureRate).toBeGreaterThan(0);
    const one = (await t.app.inject({ url: '/api/v1/dora?entity=ledger&from=2026-11-01T00:00:00Z&to=2026-11-24T00:00:00Z' })).json();
    expect(one.services).toHaveLength(1);
    expect(one.overall.changeFailureRate).toBe(0.5);
    expect((await t.app.inject({ url: '/api/v1/dora' })).statusCode).toBe(400);
  });
});
