// Load and fatigue per team over HTTP on both engines: a team's two rotations added up — pages,
// off-hours pages, time to ACK, hours on call per person (scaled to a month), the pages week by
// week and the noisiest alerts; another team's pages never count; an unknown team is 404.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { INTAKE_KEY, oncallTestApp, type OncallTestApp } from '../testing.ts';

const U = 'user:default/';
const alert = (name: string, service: string) => ({ version: '4', groupKey: `g-${name}`, status: 'firing', receiver: 'tally', groupLabels: {}, commonLabels: { alertname: name, service }, commonAnnotations: { summary: name }, alerts: [{ status: 'firing', labels: { alertname: name, service } }] });

describeEachEngine('on-call: load and fatigue per team', ({ db }) => {
  let t: OncallTestApp;
  const fire = async (name: string, service: string) => (await t.call('POST', `/api/v1/alerts/alertmanager?key=${INTAKE_KEY}`, alert(name, service), {})).body.triggered[0] as string;
  beforeAll(async () => {
    t = await oncallTestApp(db());
  });
  afterAll(async () => t?.app.close());

  it("adds up a team's rotations: pages, off-hours, time to ACK, hours on call, weekly pages, the noisiest alerts", async () => {
    t.clock.set('2026-11-23T12:00:00Z'); // Monday 13:00 in Berlin: working hours, Dee on call
    const first = await fire('CheckoutErrors', 'checkout');
    t.clock.set('2026-11-23T12:03:00Z');
    expect((await t.call('POST', `/api/v1/pages/${first}/ack`)).status).toBe(200);
    t.clock.set('2026-11-24T22:00:00Z'); // Tuesday 23:00 in Berlin: off hours, Eve on call
    await fire('PaymentsLatency', 'payments');
    await fire('BillingDown', 'billing'); // team B's
    t.clock.set('2026-11-25T00:00:00Z');

    const res = await t.call('GET', '/api/v1/oncall/teams/team-a/load?days=7');
    expect(res.status).toBe(200);
    const load = res.body;
    expect(load).toMatchObject({ team: 'group:default/team-a', windowDays: 7, pages: 2, pagesPerWeek: 2, offHoursPages: 1, escalations: 0, medianMinutesToAck: 3 });
    expect(load.rotations.map((r: { rotation: string; pages: number }) => [r.rotation, r.pages])).toEqual([['team-a-primary', 2], ['team-a-secondary', 0]]);
    expect(load.weekly).toEqual([{ start: '2026-11-18T00:00:00.000Z', pages: 2, offHours: 1 }]);
    expect(load.noisiest).toEqual([{ title: 'CheckoutErrors: CheckoutErrors', pages: 1 }, { title: 'PaymentsLatency: PaymentsLatency', pages: 1 }]);
    const person = (u: string) => load.perPerson.find((p: { user: string }) => p.user === `${U}${u}`);
    expect(person('dee')).toMatchObject({ pages: 1, offHours: 0, medianMinutesToAck: 3 });
    expect(person('eve')).toMatchObject({ pages: 1, offHours: 1, medianMinutesToAck: null });
    // Two rotations around the clock for 7 days, six people: 336 hours, 56 each on average.
    expect(load.perPerson.reduce((n: number, p: { hoursOnCall: number }) => n + p.hoursOnCall, 0)).toBeCloseTo(336, 1);
    expect(load.hoursOnCallPerMonth).toBeCloseTo(240, 1);

    expect((await t.call('GET', `/api/v1/oncall/teams/${encodeURIComponent('group:default/team-b')}/load?days=7`)).body).toMatchObject({ pages: 1, offHoursPages: 0 });
    expect((await t.call('GET', '/api/v1/oncall/teams/nobody/load')).status).toBe(404);
  });
});
