// Learning on both engines: a failed automated deploy opens a "postmortem required" record by
// itself; follow-ups carry kind, owner, due date, tracker link and status, with versions; the
// postmortem fills from the record; drills run as incidents marked as drills and record facts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { incidentsTestApp, type IncidentsTestApp } from '../testing.ts';
import { dispatchEvents } from '../../platform/events/events.ts';
import { startDueDrills } from '../drills/drills.ts';

describeEachEngine('incidents: postmortems, follow-ups, drills', ({ db }) => {
  let t: IncidentsTestApp;
  beforeAll(async () => {
    t = await incidentsTestApp(db());
  });
  afterAll(async () => t?.app.close());

  it('opens a postmortem-required record for a failed automated deploy, once, and none for a manual one', async () => {
    const deploy = (externalId: string, automated: boolean, status: string) => ({ entities: ['payments'], kind: 'deploy', summary: `payments ${externalId}`, startedAt: '2026-11-23T10:00:00Z', source: 'cli', externalId, automated, status });
    await t.call('POST', '/api/v1/changes', { changes: [deploy('a1', true, 'failed'), deploy('m1', false, 'failed'), deploy('a2', true, 'in-progress')] });
    await t.call('POST', '/api/v1/changes', deploy('a2', true, 'rolled-back'));
    await dispatchEvents(t.deps);
    await dispatchEvents(t.deps);
    const required = (await t.call('GET', '/api/v1/postmortems?state=required')).body.items;
    expect(required.map((p: { title: string }) => p.title).sort()).toEqual(['Failed automated deploy: payments a1', 'Failed automated deploy: payments a2']);
    expect(required[0]).toMatchObject({ incidentId: null, services: ['component:default/payments'], reason: expect.stringContaining('automated deploy'), followUpCount: 0 });
    const f = await t.call('POST', `/api/v1/postmortems/${required[0].id}/follow-ups`, { kind: 'detection', title: 'Alert on failed deploy health checks', owner: 'team-a', dueDate: '2026-12-01', trackerUrl: 'https://jira.acme.test/OPS-1' });
    expect(f.status).toBe(201);
    expect(f.body).toMatchObject({ kind: 'detection', status: 'open', overdue: false, version: 1 });
  });

  it('edits follow-ups with versions, marks overdue ones, and refuses bad kinds and dates naming the field', async () => {
    const { incident } = await t.declare();
    const key = `/api/v1/incidents/${incident.number}`;
    const bad = await t.call('POST', `${key}/follow-ups`, { kind: 'blame', title: 'x', owner: 'y', dueDate: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: { field: string }) => p.field).sort()).toEqual(['body.dueDate', 'body.kind']);
    const late = (await t.call('POST', `${key}/follow-ups`, { kind: 'recovery', title: 'Runbook for PSP failover', owner: 'bob', dueDate: '2026-11-20' })).body;
    expect(late.overdue).toBe(true);
    const done = await t.call('PATCH', `/api/v1/follow-ups/${late.id}`, { version: 1, status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', overdue: false, version: 2 });
    expect((await t.call('PATCH', `/api/v1/follow-ups/${late.id}`, { version: 1, owner: 'carol' })).status).toBe(409);
    const pm = (await t.call('GET', `${key}/postmortem`)).body;
    expect(pm.followUps.map((x: { title: string }) => x.title)).toEqual(['Runbook for PSP failover']);
    const filled = (await t.call('POST', `${key}/postmortem/fill`)).body;
    expect(filled.sections.timeline).toMatch(/Declared SEV2: Checkout fails/);
    expect(filled.sections.impact).toContain('not assessed');
    const none = await t.call('PUT', `${key}/postmortem`, { version: filled.version, noFollowUpsReason: 'covered by INC-1 follow-ups', summary: 'x' });
    expect(none.body).toMatchObject({ noFollowUpsReason: 'covered by INC-1 follow-ups', sections: { summary: 'x' }, version: filled.version + 1 });
  });

  it('runs a scheduled drill as an incident marked as a drill, and records its outcome as facts', async () => {
    t.clock.set('2026-11-23T12:00:00Z');
    const bad = await t.call('POST', '/api/v1/incidents/drills', { kind: 'outage', services: ['nope'], scheduledAt: '2026-11-23T13:00:00Z' });
    expect(bad.body.error.problems[0].field).toBe('body.services[0]');
    const drill = (await t.call('POST', '/api/v1/incidents/drills', { kind: 'outage', services: ['checkout'], scheduledAt: '2026-11-23T13:00:00Z' })).body;
    expect(drill).toMatchObject({ state: 'scheduled', title: 'Outage drill (component:default/checkout)', incidentId: null });
    expect(await startDueDrills({ ...t.deps, clock: t.clock })).toBe(0);
    t.clock.set('2026-11-23T13:00:30Z');
    expect(await startDueDrills({ ...t.deps, clock: t.clock })).toBe(1);
    const running = (await t.call('GET', '/api/v1/incidents/drills')).body.items.find((d: { id: string }) => d.id === drill.id);
    expect(running).toMatchObject({ state: 'running', incidentRef: expect.stringMatching(/^INC-\d+$/) });
    const incident = (await t.call('GET', `/api/v1/incidents/${running.incidentId}`)).body.incident;
    expect(incident).toMatchObject({ drill: { id: drill.id, kind: 'outage' }, source: { via: 'drill' }, severity: 'SEV4' });
    expect((await t.call('GET', '/api/v1/incidents?drills=exclude&limit=200')).body.items.map((i: { id: string }) => i.id)).not.toContain(incident.id);
    const outcome = await t.call('POST', `/api/v1/incidents/drills/${drill.id}/outcome`, { version: running.version, ok: false, notes: 'failover took 14 min; runbook step 3 wrong' });
    expect(outcome.body).toMatchObject({ state: 'done', outcome: { ok: false, notes: 'failover took 14 min; runbook step 3 wrong' } });
    const fact = await t.deps.db.selectFrom('facts').selectAll().where('entity', '=', 'component:default/checkout').where('name', '=', 'outage-drill').executeTakeFirstOrThrow();
    expect(JSON.parse(fact.value)).toEqual({ ok: false, notes: 'failover took 14 min; runbook step 3 wrong', drill: drill.id, incident: running.incidentRef });
    expect(fact.source).toBe('incidents');
    const key = `/api/v1/incidents/${incident.number}`;
    await t.call('PUT', `${key}/impact`, { version: 1, impact: { users: { count: 0, source: 'drill' }, capabilities: [{ name: 'checkout', level: 'down' }] } });
    expect((await t.call('PATCH', key, { version: 2, impactStartedAt: '2026-11-23T13:00:00Z' })).status).toBe(200);
    expect((await t.call('POST', `${key}/state`, { version: 3, state: 'resolved', confirmation: { how: 'metric', evidence: 'drill over' }, note: 'drill' })).status).toBe(200);
    expect((await t.call('POST', `${key}/causes/x`)).status).toBe(409);
    expect(await t.deps.db.selectFrom('change_restores').selectAll().where('incident', '=', incident.id).execute()).toEqual([]); // drills stay out of DORA
    expect((await t.call('POST', `${key}/state`, { version: 4, state: 'closed' })).status).toBe(200); // a drill closes on its outcome
  });
});
