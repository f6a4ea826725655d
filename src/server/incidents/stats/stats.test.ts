// Statistics and the `incidents` check on both engines: counts by severity and minutes to
// detect / mitigate / resolve per service and team (drills left out); the context provider and
// each of the check's four rules, naming the offending incidents and follow-ups.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { incidentsTestApp, type IncidentsTestApp } from '../testing.ts';
import type { CheckContext } from '../../checks/index.ts';
import { incidentsCheck, incidentsCheckSchema } from './check.ts';
import { incidentFactsFor, type IncidentFacts } from './context.ts';

const CHECKOUT = 'component:default/checkout';

describeEachEngine('incidents: statistics and the incidents check', ({ db }) => {
  let t: IncidentsTestApp;
  /** Declares at `at` with impact `minutes` earlier, detected 5 min after impact, mitigated at 20, resolved at `resolveAfter`. */
  async function run(at: string, severity: string, resolveAfter: number) {
    t.clock.set(at);
    const start = new Date(Date.parse(at) - 10 * 60_000).toISOString();
    const { incident } = await t.declare({ severity, impactStartedAt: start, detectedAt: new Date(Date.parse(start) + 5 * 60_000).toISOString(), impact: { users: { percent: 5, source: 'x' }, capabilities: [{ name: 'c', level: 'degraded' }] } });
    const key = `/api/v1/incidents/${incident.number}`;
    t.clock.set(new Date(Date.parse(start) + 20 * 60_000));
    await t.call('POST', `${key}/state`, { version: 1, state: 'monitoring' });
    t.clock.set(new Date(Date.parse(start) + resolveAfter * 60_000));
    const r = await t.call('POST', `${key}/state`, { version: 2, state: 'resolved', confirmation: { how: 'metric', evidence: 'ok' } });
    expect(r.status).toBe(200);
    return incident;
  }

  beforeAll(async () => {
    t = await incidentsTestApp(db());
    await run('2026-11-02T10:00:00Z', 'SEV1', 60);
    await run('2026-11-10T10:00:00Z', 'SEV2', 30);
    await run('2026-11-18T10:00:00Z', 'SEV2', 120);
    t.clock.set('2026-11-23T12:00:00Z');
  });
  afterAll(async () => t?.app.close());

  it('counts incidents by severity with median and p90 minutes, per service and per team, by week', async () => {
    const s = (await t.call('GET', '/api/v1/incidents/stats?entity=checkout&from=2026-11-01T00:00:00Z&to=2026-11-29T00:00:00Z')).body;
    expect(s).toMatchObject({ count: 3, bySeverity: { SEV1: 1, SEV2: 2 }, minutes: { toDetect: { median: 5, p90: 5 }, toMitigate: { median: 20, p90: 20 }, toResolve: { median: 60, p90: 120 } } });
    expect(s.weeks).toHaveLength(4);
    expect(s.weeks.map((w: { bySeverity: Record<string, number> }) => w.bySeverity)).toEqual([{ SEV1: 1 }, { SEV2: 1 }, { SEV2: 1 }, {}]);
    const team = (await t.call('GET', '/api/v1/incidents/stats?team=team-a&from=2026-11-01T00:00:00Z&to=2026-11-29T00:00:00Z')).body;
    expect(team.count).toBe(3);
    expect(team.scope.services).toContain(CHECKOUT);
    expect((await t.call('GET', '/api/v1/incidents/stats?entity=ledger')).body.count).toBe(0);
    expect((await t.call('GET', '/api/v1/incidents/stats')).status).toBe(400);
  });

  it('loads the per-entity incident facts and judges each rule of the check, naming what fails', async () => {
    const { incident } = await t.declare({ title: 'Old one' });
    await t.call('POST', `/api/v1/incidents/${incident.number}/follow-ups`, { kind: 'prevention', title: 'Add a canary', owner: 'team-a', dueDate: '2026-11-01' });
    const facts = (await incidentFactsFor(t.deps.db, [CHECKOUT, 'component:default/ledger'], t.clock())).get(CHECKOUT)!;
    expect(facts).toMatchObject({ overdueFollowUps: 1, overdue: [{ title: 'Add a canary', kind: 'prevention', incident: incident.id }] });
    expect(facts.resolved.map((r) => [r.severity, r.toRestoreMinutes, r.postmortem])).toEqual(expect.arrayContaining([['SEV1', 60, 'draft'], ['SEV2', 30, 'draft'], ['SEV2', 120, 'draft']]));
    const judge = (config: unknown, data: IncidentFacts | undefined = facts) =>
      incidentsCheck.evaluate(incidentsCheckSchema.parse(config) as never, { ref: CHECKOUT, data: { incidents: data }, now: t.clock() } as unknown as CheckContext, undefined, undefined as never, undefined as never);
    expect(judge({ type: 'incidents', followUpsOverdue: {} })).toMatchObject({ state: 'fail', message: '1 incident follow-ups are overdue', evidence: { objects: [{ kind: 'url', label: 'prevention follow-up "Add a canary" (team-a, due 2026-11-01)', url: `/incidents/${incident.id}` }] } });
    expect(judge({ type: 'incidents', followUpsOverdue: { max: 1 } }).state).toBe('pass');
    const pm = judge({ type: 'incidents', postmortems: { severities: ['SEV1', 'SEV2'], graceDays: 6 } });
    expect(pm.state).toBe('fail');
    expect((pm.evidence as { objects: { label: string }[] }).objects.map((o) => /SEV\d/.exec(o.label)?.[0])).toEqual(['SEV1', 'SEV2']); // the 18 Nov one is within its grace
    expect(judge({ type: 'incidents', timeToRestore: { window: '30d', maxMedian: '1h' } })).toMatchObject({ state: 'pass', evidence: { medianMinutes: 60 } });
    expect(judge({ type: 'incidents', timeToRestore: { window: '30d', maxMedian: '30m' } }).state).toBe('fail');
    expect(judge({ type: 'incidents', timeToRestore: { window: '30d', maxMedian: '30m' } }, { overdueFollowUps: 0, overdue: [], resolved: [], lastDrill: {} }).state).toBe('n/a');
    expect(judge({ type: 'incidents', drill: { maxDays: 180 } })).toMatchObject({ state: 'fail', message: 'no drill on record' });
    expect(judge({ type: 'incidents', drill: { kind: 'outage', maxDays: 180 } }, { ...facts, lastDrill: { outage: '2026-10-01T00:00:00Z' } })).toMatchObject({ state: 'pass', evidence: { daysSinceLastDrill: 53 } });
    expect(incidentsCheckSchema.safeParse({ type: 'incidents', followUpsOverdue: {}, drill: { maxDays: 1 } }).success).toBe(false);
  });
});
