// The demo's incidents on both engines: replayed from examples/acme on the Acme catalog and its
// seeded changes — a closed incident with its published postmortem and follow-ups, and one under
// way whose suspects are the demo's recent changes. Seeded once.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../../testing/app.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { loadConfig } from '../../platform/config.ts';
import { testHost } from '../../testing/host.ts';
import { seedDemoChanges } from '../../changes/index.ts';
import type { App } from '../../platform/http/app.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { seedDemoIncidents } from './seed.ts';

const ACME = resolve(import.meta.dirname, '../../../../examples/acme');

describeEachEngine('incidents: the demo seed', ({ db }) => {
  let app: App;
  let deps: AppDeps;
  beforeAll(async () => {
    const acme = loadConfig(resolve(ACME, 'tally.yaml'), testHost.configSections, {});
    const config = testConfig({ server: { demo: true }, catalog: { sources: acme.catalog.sources as string[] }, incidents: { chat: { announceChannel: 'C0INCIDENTS' } } }, ACME);
    deps = testDeps(db(), config, testClock('2026-11-23T12:00:00Z'));
    app = await testApp(deps);
    expect((await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: await authHeader(deps, 'editor') })).statusCode).toBe(200);
    await seedDemoChanges(deps);
  }, 60_000);
  afterAll(async () => app?.close());

  it('seeds a closed incident with its postmortem and an active one with the recent changes as suspects, once', async () => {
    expect(await seedDemoIncidents(deps)).toBe(2);
    expect(await seedDemoIncidents(deps)).toBe(0);
    const list = (await app.inject({ method: 'GET', url: '/api/v1/incidents' })).json().items;
    expect(list.map((i: { state: string; title: string }) => `${i.state} ${i.title}`)).toEqual(['identified Checkout: card payments time out', 'closed Ledger postings delayed after ledger 4.18.0']);
    const closed = (await app.inject({ method: 'GET', url: `/api/v1/incidents/${list[1].number}` })).json();
    expect(closed.incident).toMatchObject({ severity: 'SEV2', durations: { toDetectMinutes: 6, toResolveMinutes: 113 }, roles: { manager: { person: 'priya.raman' }, comms: { person: 'tomas.lindqvist' } }, rootCause: expect.stringContaining('batches') });
    expect(closed.postmortem).toMatchObject({ state: 'published', sections: { summary: expect.stringContaining('18 %'), timeline: expect.stringContaining('Rolling back to 4.17.2') } });
    expect(closed.postmortem.followUps.map((f: { kind: string }) => f.kind)).toEqual(['prevention', 'detection', 'recovery']);
    expect(closed.hypotheses.map((h: { state: string }) => h.state)).toEqual(['confirmed', 'ruled-out']);
    const dora = (await app.inject({ method: 'GET', url: '/api/v1/dora?entity=ledger' })).json();
    expect(dora.overall.changeFailureRate).toBeGreaterThan(0);
    expect(dora.overall.timeToRestoreHours).toEqual({ median: 1.88 });
    const active = (await app.inject({ method: 'GET', url: `/api/v1/incidents/${list[0].number}/suspects` })).json();
    expect(active.suspects.slice(0, 3).map((s: { change: { summary: string } }) => s.change.summary)).toEqual(expect.arrayContaining(['one-click-checkout enabled for 20% of EU customers']));
    expect(active.suspects.some((s: { change: { revertable: boolean } }) => s.change.revertable)).toBe(true);
  });
});
