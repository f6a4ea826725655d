// `tally incident …` in process (run(argv, io)) against the real app listening on loopback:
// declare, list, show, impact, role, note, update, status — and its exit codes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { incidentsTestApp, type IncidentsTestApp } from './testing.ts';
import { bufferIo } from '../platform/cli/io.ts';
import { run } from '../main.ts';

describeEachEngine('tally incident', ({ db }) => {
  let t: IncidentsTestApp;
  let env: Record<string, string>;
  const tally = async (...argv: string[]) => {
    const io = bufferIo(env);
    const code = await run(argv, io);
    return { code, out: io.out(), err: io.err() };
  };
  beforeAll(async () => {
    t = await incidentsTestApp(db());
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    env = { TALLY_SERVER: `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`, TALLY_TOKEN: t.editor.authorization.replace('Bearer ', '') };
  });
  afterAll(async () => t?.app.close());

  it('declares and runs an incident from the terminal', async () => {
    t.clock.set('2026-11-23T12:00:00Z');
    const declared = await tally('incident', 'declare', '--title', 'Checkout 500s', '--severity', 'SEV1', '--service', 'checkout', '--impact-started-at', '2026-11-23T11:48:00Z', '--alert-url', 'https://alerts.acme.test/9');
    expect(declared).toMatchObject({ code: 0, err: '' });
    const ref = declared.out.split('\t')[0];
    expect(ref).toMatch(/^INC-\d+$/);
    expect((await tally('incident', 'impact', ref, '--percent', '25', '--source', 'RUM dashboard', '--capability', 'checkout=partly-down')).code).toBe(0);
    expect((await tally('incident', 'role', ref, 'comms', 'alice')).code).toBe(0);
    expect((await tally('incident', 'note', ref, 'Rolled back payments', '--at', '2026-11-23T11:59:00Z')).code).toBe(0);
    expect((await tally('incident', 'update', ref, 'Mitigating: rollback under way')).code).toBe(0);
    expect((await tally('incident', 'status', ref, 'mitigating')).out).toContain(`${ref}\tSEV1\tmitigating`);
    const refused = await tally('incident', 'status', ref, 'resolved');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('confirmation');
    expect((await tally('incident', 'status', ref, 'resolved', '--how', 'metric', '--evidence', 'errors at baseline')).code).toBe(0);
    const shown = await tally('incident', 'show', ref);
    expect(shown.out).toContain(`${ref} SEV1 resolved: Checkout 500s`);
    expect(shown.out).toContain('impact:     25% users (RUM dashboard); checkout partly-down');
    expect(shown.out).toContain('comms: alice');
    expect((await tally('incident', 'list', '--state', 'resolved')).out).toContain(`${ref}\tSEV1\tresolved`);
    const json = JSON.parse((await tally('incident', 'show', ref, '--json')).out);
    expect(json.incident.source).toEqual({ via: 'alert', url: 'https://alerts.acme.test/9' });
  });

  it('exits 2 with the reason for bad input and unknown incidents', async () => {
    const bad = await tally('incident', 'declare', '--title', 'x', '--severity', 'SEV7');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('body.severity');
    expect((await tally('incident', 'show', 'INC-4242')).code).toBe(2);
    expect((await tally('incident', 'impact', 'INC-1', '--source', 's', '--capability', 'nolevel')).err).toContain('--capability must be name=');
  });
});
