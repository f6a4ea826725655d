// `tally oncall …` against the real routes (in process), on both engines: who is on call, the
// rotations, pages, ACK and overrides, and the exit code of a refused override.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTally } from '../testing/cli.ts';
import { describeEachEngine } from '../testing/db.ts';
import { INTAKE_KEY, oncallTestApp, type OncallTestApp } from './testing.ts';

describeEachEngine('tally oncall', ({ db }) => {
  let t: OncallTestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await oncallTestApp(db());
    env = { TALLY_TOKEN: t.editor.authorization.replace('Bearer ', '') };
  });
  afterAll(async () => t?.app.close());
  const tally = (...args: string[]) => runTally(['oncall', ...args], { env, app: t.app });

  it('says who is on call and lists the rotations', async () => {
    const now = await tally('now');
    expect(now.code).toBe(0);
    expect(now.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^team-a\tTeam A primary\tDee Example until 2026-11-24T08:00:00.000Z <dee@acme.test>\tnext: Eve Example$/),
      expect.stringMatching(/^team-a\tteam-a-secondary\tAnn Example until/),
      expect.stringMatching(/^team-b\tteam-b\tIvy Example until 2026-11-23T15:00:00.000Z <ivy@acme.test>\tnext: Jo Example$/),
    ]);
    const rotations = await tally('rotations', '--json');
    expect(JSON.parse(rotations.stdout).map((r: { name: string }) => r.name)).toEqual(['team-a-primary', 'team-a-secondary', 'team-b']);
  });

  it('lists pages and ACKs one; a refused override exits non-zero with the reason', async () => {
    const res = await t.call('POST', `/api/v1/alerts/alertmanager?key=${INTAKE_KEY}`, { version: '4', groupKey: 'g-cli', status: 'firing', receiver: 'r', groupLabels: {}, commonLabels: { alertname: 'CliAlert', service: 'billing' }, alerts: [{ status: 'firing', labels: { alertname: 'CliAlert', service: 'billing' } }] }, {});
    const key = res.body.triggered[0] as string;
    const pages = await tally('pages');
    expect(pages.stdout).toMatch(new RegExp(`^${key}\\ttriggered\\tteam-b\\tIvy Example\\tCliAlert: CliAlert$`, 'm'));
    const ack = await tally('ack', key);
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(new RegExp(`^${key}\\tacknowledged\\t`));
    const inc = await tally('incident', key, '--title', 'Billing is down');
    expect(inc.code).toBe(0);
    expect(inc.stdout).toMatch(new RegExp(`^${key} is now incident INC-\\d+$`, 'm'));
    const made = await tally('override', 'team-b', 'gus', '--from', '2026-11-24T00:00:00Z', '--to', '2026-11-25T00:00:00Z');
    expect(made.stdout).toMatch(/^override [0-9a-f-]{36}: user:default\/gus on call 2026-11-24T00:00:00.000Z – 2026-11-25T00:00:00.000Z$/m);
    const clash = await tally('override', 'team-b', 'hal', '--from', '2026-11-24T12:00:00Z', '--to', '2026-11-26T00:00:00Z');
    expect(clash.code).not.toBe(0);
    expect(clash.stderr).toMatch(/overlaps another one on team-b/);
  });
});
