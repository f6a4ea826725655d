// The incident record over HTTP on both engines: declare (times to the minute, fields named on
// bad input), the lifecycle with what each step needs, versions (a stale write is a 409 and
// changes nothing), the impact, the timeline, roles and handoffs, hypotheses.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { incidentsTestApp, type IncidentsTestApp } from './testing.ts';

const IMPACT = { users: { percent: 30, source: 'checkout error-rate dashboard' }, capabilities: [{ name: 'pay by card', level: 'down' }] };
const CONFIRM = { how: 'metric', evidence: 'error rate back under 0.1 % for 15 min' };

describeEachEngine('incidents: the record', ({ db }) => {
  let t: IncidentsTestApp;
  beforeAll(async () => {
    t = await incidentsTestApp(db());
  });
  afterAll(async () => t?.app.close());

  it('declares with minute-precise times, the declarer as incident manager, and numbers incidents in order', async () => {
    t.clock.set('2026-11-23T12:00:37.250Z');
    const a = await t.declare({ impactStartedAt: '2026-11-23T11:52:48+00:00', detectedAt: '2026-11-23T11:58:05Z', source: { via: 'alert', url: 'https://alerts.acme.test/a/1', title: 'CheckoutErrors', firedAt: '2026-11-23T11:58:05Z' } });
    const b = await t.declare({ title: 'Ledger slow', severity: 'sev4', services: ['ledger'], takeManager: false });
    expect(b.incident.number).toBe(a.incident.number + 1);
    expect(a.incident).toMatchObject({
      ref: `INC-${a.incident.number}`, state: 'investigating', severity: 'SEV2', services: ['component:default/checkout'],
      times: { impactStartedAt: '2026-11-23T11:52:00.000Z', detectedAt: '2026-11-23T11:58:00.000Z', declaredAt: '2026-11-23T12:00:00.000Z', mitigatedAt: null, resolvedAt: null },
      durations: { toDetectMinutes: 6, toMitigateMinutes: null, toResolveMinutes: null, elapsedMinutes: 8 },
      source: { via: 'alert', url: 'https://alerts.acme.test/a/1' },
      version: 1,
    });
    expect(a.incident.roles.manager?.person).toMatch(/^editor-/);
    expect(b.incident.severity).toBe('SEV4');
    expect(b.incident.roles.manager).toBeNull();
    expect(a.postmortem).toMatchObject({ state: 'draft', incidentRef: a.incident.ref });
  });

  it('refuses bad declarations naming the field, and stores nothing', async () => {
    const before = (await t.call('GET', '/api/v1/incidents?limit=200')).body.items.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ severity: 'SEV9' }, 'body.severity'],
      [{ services: ['checkout', 'nope'] }, 'body.services[1]'],
      [{ impactStartedAt: '2026-11-23T13:30:00Z' }, 'body.impactStartedAt'],
      [{ impactStartedAt: '2026-11-23T11:00' }, 'body.impactStartedAt'],
      [{ detectedAt: '2026-11-23T12:30:00Z' }, 'body.detectedAt'],
      [{ title: '' }, 'body.title'],
      [{ impact: { users: { count: 5, percent: 3, source: 'x' }, capabilities: [{ name: 'x', level: 'down' }] } }, 'body.impact.users'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', '/api/v1/incidents', { title: 'x', severity: 'SEV2', services: ['checkout'], ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.problems.map((p: { field: string }) => p.field), JSON.stringify(body)).toContain(field);
    }
    expect((await t.call('GET', '/api/v1/incidents?limit=200')).body.items.length).toBe(before);
  });

  it('refuses a stale version with 409 and keeps the first write', async () => {
    const { incident } = await t.declare();
    const first = await t.call('PATCH', `/api/v1/incidents/${incident.number}`, { version: 1, title: 'Checkout fails for card payments' });
    expect(first.status).toBe(200);
    const second = await t.call('PATCH', `/api/v1/incidents/${incident.number}`, { version: 1, title: 'Someone else' });
    expect(second.status).toBe(409);
    expect(second.body.error.problems[0].field).toBe('body.version');
    const now = (await t.call('GET', `/api/v1/incidents/INC-${incident.number}`)).body.incident;
    expect(now).toMatchObject({ title: 'Checkout fails for card payments', version: 2 });
  });

  it('asks for the impact before a fix, and for the confirmation before resolving, naming what is missing', async () => {
    const { incident } = await t.declare();
    const key = `/api/v1/incidents/${incident.id}`;
    const early = await t.call('POST', `${key}/state`, { version: 1, state: 'mitigating' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('impact assessment');
    expect((await t.call('PUT', `${key}/impact`, { version: 1, impact: IMPACT })).status).toBe(200);
    expect((await t.call('POST', `${key}/state`, { version: 2, state: 'mitigating' })).status).toBe(200);
    const noConfirmation = await t.call('POST', `${key}/state`, { version: 3, state: 'resolved' });
    expect(noConfirmation.status).toBe(409);
    expect(noConfirmation.body.error.message).toContain('impactStartedAt');
    expect(noConfirmation.body.error.message).toContain('confirmation');
    expect(noConfirmation.body.error.problems.map((p: { field: string }) => p.field)).toContain('body.confirmation');
    expect((await t.call('GET', key)).body.incident).toMatchObject({ state: 'mitigating', version: 3 });
  });

  it('resolves with a confirmation, computes the durations, and closes only with a postmortem and follow-ups', async () => {
    t.clock.set('2026-11-23T12:00:00Z');
    const { incident } = await t.declare({ impactStartedAt: '2026-11-23T11:40:00Z', impact: IMPACT });
    const key = `/api/v1/incidents/${incident.number}`;
    t.clock.set('2026-11-23T12:20:00Z');
    expect((await t.call('POST', `${key}/state`, { version: 1, state: 'monitoring' })).status).toBe(200);
    const rootCauseTooEarly = await t.call('PATCH', key, { version: 2, rootCause: 'bad deploy' });
    expect(rootCauseTooEarly.status).toBe(409);
    t.clock.set('2026-11-23T12:50:00Z');
    const resolved = await t.call('POST', `${key}/state`, { version: 2, state: 'resolved', confirmation: CONFIRM });
    expect(resolved.status).toBe(200);
    expect(resolved.body.incident).toMatchObject({ state: 'resolved', durations: { toDetectMinutes: 20, toMitigateMinutes: 40, toResolveMinutes: 70 }, confirmation: { how: 'metric', by: expect.stringMatching(/^editor-/) } });
    expect(resolved.body.postmortem.sections.timeline).toContain('monitoring → resolved');
    const tooLate = await t.call('PATCH', key, { version: 3, impactStartedAt: '2026-11-23T12:55:00Z' });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.error.problems[0]).toMatchObject({ field: 'body.impactStartedAt' });
    const close = await t.call('POST', `${key}/state`, { version: 3, state: 'closed' });
    expect(close.status).toBe(409);
    expect(close.body.error.message).toMatch(/published postmortem.*follow-up/);
    const pm = resolved.body.postmortem;
    const unpublishable = await t.call('PUT', `${key}/postmortem`, { version: pm.version, state: 'published' });
    expect(unpublishable.status).toBe(400);
    expect(unpublishable.body.error.problems.map((p: { field: string }) => p.field)).toEqual(['body.summary', 'body.contributingFactors']);
    expect((await t.call('PUT', `${key}/postmortem`, { version: pm.version, summary: 'Card payments failed.', contributingFactors: 'A config push without canary.', state: 'published' })).status).toBe(200);
    expect((await t.call('POST', `${key}/state`, { version: 3, state: 'closed' })).body.error.message).toContain('follow-up');
    expect((await t.call('POST', `${key}/follow-ups`, { kind: 'prevention', title: 'Canary config pushes', owner: 'team-a', dueDate: '2026-12-15' })).status).toBe(201);
    const closed = await t.call('POST', `${key}/state`, { version: 3, state: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body.incident.state).toBe('closed');
    expect((await t.call('POST', `${key}/notes`, { text: 'late' })).status).toBe(201); // notes still land
    expect((await t.call('PATCH', key, { version: 4, title: 'x' })).status).toBe(409);
  });

  it('keeps an append-only timeline in the order things happened, with notes about earlier moments', async () => {
    t.clock.set('2026-11-23T13:00:00Z');
    const { incident } = await t.declare();
    const key = `/api/v1/incidents/${incident.number}`;
    t.clock.set('2026-11-23T13:10:00Z');
    expect((await t.call('POST', `${key}/notes`, { text: 'Support saw the first ticket', happenedAt: '2026-11-23T12:45:30Z' })).status).toBe(201);
    const future = await t.call('POST', `${key}/notes`, { text: 'x', happenedAt: '2026-11-23T14:00:00Z' });
    expect(future.status).toBe(400);
    expect(future.body.error.problems[0].field).toBe('body.happenedAt');
    await t.call('PATCH', key, { version: 1, severity: 'SEV1' });
    const timeline = (await t.call('GET', `${key}/timeline`)).body;
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(['note', 'declared', 'role', 'announcement', 'severity']);
    expect(timeline.items[0]).toMatchObject({ at: '2026-11-23T12:45:00.000Z', recordedAt: '2026-11-23T13:10:00.000Z', text: 'Support saw the first ticket' });
    const firstPage = (await t.call('GET', `${key}/timeline?limit=2`)).body;
    const secondPage = (await t.call('GET', `${key}/timeline?limit=2&cursor=${firstPage.nextCursor}`)).body;
    expect([...firstPage.items, ...secondPage.items].map((e: { id: string }) => e.id)).toEqual(timeline.items.slice(0, 4).map((e: { id: string }) => e.id));
    expect(firstPage.total).toBe(5);
  });

  it('hands the incident manager role over, never holding two at once, and records it', async () => {
    const { incident } = await t.declare();
    const key = `/api/v1/incidents/${incident.number}`;
    const handoff = await t.call('POST', `${key}/roles`, { role: 'manager', person: 'bob' });
    expect(handoff.status).toBe(201);
    expect(handoff.body.incident.roles.manager.person).toBe('bob');
    const racing = await Promise.all(['carol', 'dave', 'erin'].map((person) => t.call('POST', `${key}/roles`, { role: 'manager', person })));
    expect(racing.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(racing.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const active = await t.deps.db.selectFrom('incident_roles').selectAll().where('incident_id', '=', incident.id).where('role', '=', 'manager').where('ended_at', 'is', null).execute();
    expect(active).toHaveLength(1);
    expect((await t.call('POST', `${key}/roles`, { role: 'comms', person: 'frank' })).status).toBe(201);
    const page = (await t.call('POST', `${key}/roles`, { role: 'responder', person: 'gina' })).body;
    expect(page.incident.roles).toMatchObject({ comms: { person: 'frank' }, responders: [{ person: 'gina' }] });
    expect((await t.call('DELETE', `${key}/roles/${page.incident.roles.manager.id}`)).status).toBe(409);
    expect((await t.call('DELETE', `${key}/roles/${page.incident.roles.responders[0].id}`)).body.incident.roles.responders).toEqual([]);
    const texts = (await t.call('GET', `${key}/timeline`)).body.items.filter((e: { kind: string }) => e.kind === 'role').map((e: { text: string }) => e.text);
    expect(texts).toContain(`Handoff: incident manager ${incident.roles.manager!.person} → bob`);
  });

  it('asks for a second hypothesis before the first is confirmed, and wants evidence to rule one out', async () => {
    const { incident } = await t.declare();
    const key = `/api/v1/incidents/${incident.number}`;
    const one = (await t.call('POST', `${key}/hypotheses`, { text: 'The 11:50 payments deploy' })).body;
    expect(one.prompts).toEqual([expect.stringContaining('what else could it be')]);
    const h = one.hypotheses[0];
    const noEvidence = await t.call('PATCH', `${key}/hypotheses/${h.id}`, { version: 1, state: 'ruled-out' });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.error.problems[0].field).toBe('body.evidence');
    const two = (await t.call('POST', `${key}/hypotheses`, { text: 'The PSP is down' })).body;
    expect(two.prompts).toEqual([]);
    const ruled = await t.call('PATCH', `${key}/hypotheses/${two.hypotheses[1].id}`, { version: 1, state: 'ruled-out', evidence: 'PSP status page green, test payments pass' });
    expect(ruled.body.hypotheses[1]).toMatchObject({ state: 'ruled-out', evidence: 'PSP status page green, test payments pass', version: 2 });
    const confirmed = await t.call('PATCH', `${key}/hypotheses/${h.id}`, { version: 1, state: 'confirmed' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.hypotheses[0].state).toBe('confirmed');
    const stream = (await t.call('POST', `${key}/workstreams`, { goal: 'Roll back payments', owner: 'bob' })).body.workstreams[0];
    expect((await t.call('PATCH', `${key}/workstreams/${stream.id}`, { version: 1, status: 'done' })).body.workstreams[0].status).toBe('done');
    expect((await t.call('PATCH', `${key}/workstreams/${stream.id}`, { version: 1, status: 'blocked' })).status).toBe(409);
  });

  it('lists active incidents first and filters by state, service and severity', async () => {
    const all = (await t.call('GET', '/api/v1/incidents?limit=200')).body.items as { state: string; services: string[]; severity: string }[];
    const firstNotActive = all.findIndex((i) => ['resolved', 'closed'].includes(i.state));
    expect(firstNotActive).toBeGreaterThan(0);
    expect(all.slice(firstNotActive).every((i) => ['resolved', 'closed'].includes(i.state))).toBe(true);
    const ledger = (await t.call('GET', '/api/v1/incidents?service=ledger')).body.items;
    expect(ledger.map((i: { title: string }) => i.title)).toEqual(['Ledger slow']);
    expect((await t.call('GET', '/api/v1/incidents?state=closed')).body.items).toHaveLength(1);
    expect((await t.call('GET', '/api/v1/incidents?severity=sev1')).body.items.every((i: { severity: string }) => i.severity === 'SEV1')).toBe(true);
    const p1 = (await t.call('GET', '/api/v1/incidents?limit=3')).body;
    const p2 = (await t.call('GET', `/api/v1/incidents?limit=3&cursor=${p1.nextCursor}`)).body;
    expect([...p1.items, ...p2.items].map((i: { id: string }) => i.id)).toEqual(all.slice(0, 6).map((i) => (i as unknown as { id: string }).id));
    expect((await t.call('GET', '/api/v1/incidents/INC-99999')).status).toBe(404);
  });
});
