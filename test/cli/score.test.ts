// `tally score` in this process, as a pipeline runs it: offline on files and projects (JSON shape,
// --min-grade, --compare-to, a project's sources and settings, errors), and against the real app
// (inject) on both engines. The subprocess run is in test/system/cli.system.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, FACTS, scorecardYaml } from '../../src/server/scorecards/testing.ts';
import { offlineTarget } from '../../src/server/scorecards/index.ts';
import type { App } from '../../src/server/platform/http/app.ts';
import { authHeader, testApp, testConfig, testDeps } from '../../src/server/testing/app.ts';
import { DEMO, DEMO_CONFIG, runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';
import { testHost } from '../../src/server/testing/host.ts';

function files(ownerWeight?: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-score-'));
  writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
  writeFileSync(join(dir, 'scorecards.yaml'), scorecardYaml({ ownerWeight }));
  writeFileSync(join(dir, 'facts.yaml'), FACTS.replace(/2026-\d\d-\d\dT03/g, new Date().toISOString().slice(0, 10) + 'T00'));
  return dir;
}

type Json = { results: { entity: string; scorecard: string; grade: string | null; score: number | null; requirements: { id: string; status: string; offline?: true }[] }[] };
const json = (stdout: string): Json => JSON.parse(stdout);

describe('tally score --offline', () => {
  it('prints the documented JSON shape with no server and no database', async () => {
    const r = await runTally(['score', '--offline', files(), '--format', 'json']);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual(['results']);
    expect(out.results.map((x) => x.entity)).toEqual(['component:default/checkout', 'component:default/cart']);
    for (const x of out.results) {
      expect(Object.keys(x)).toEqual(['scorecard', 'entity', 'score', 'grade', 'requirements']);
      expect(typeof x.score).toBe('number');
      // `offline: true` marks what could not be evaluated without the server (and is absent otherwise).
      for (const q of x.requirements) expect(['id', 'status', 'message', 'offline']).toEqual(expect.arrayContaining(Object.keys(q)));
    }
    const checkout = Object.fromEntries(out.results[0].requirements.map((q) => [q.id, q.status]));
    // network and manual checks are n/a offline
    expect(checkout).toMatchObject({ owner: 'pass', status: 'n/a', drill: 'n/a', backup: 'pass', broken: 'error', runbook: 'fail' });
  });

  it('lists what it could not evaluate offline, with the reason', async () => {
    const r = await runTally(['score', '--offline', files()]);
    expect(r.stderr).toMatch(/^not evaluated offline \(2\):\n {2}checkout drill: not evaluated offline: it needs `attestations` \(attestations are kept by the server\)\n {2}cart drill: /m);
  });

  it('exits 1 with --min-grade when an entity is below it, 0 otherwise, and 2 for a grade that does not exist', async () => {
    const dir = files();
    const strict = await runTally(['score', '--offline', dir, '--min-grade', 'A']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/below A/);
    expect((await runTally(['score', '--offline', dir, '--min-grade', 'F'])).code).toBe(0);
    // a usage error exits 2: a pipeline must not read it as "below the bar"
    const z = await runTally(['score', '--offline', dir, '--min-grade', 'Z']);
    expect(z).toMatchObject({ code: 2, stderr: expect.stringMatching(/--min-grade must be one of A\+, A, B, C, D, F, not "Z"/) });
  });

  it('says how a change would move the grades', async () => {
    const r = await runTally(['score', '--offline', files(60), '--compare-to', files()]);
    expect(r.stdout).toMatch(/checkout \(prod\): C → A \(77.42 → 91.36\)/);
  });

  it('names the file, document and field of a bad scorecard', async () => {
    const dir = files();
    writeFileSync(join(dir, 'scorecards.yaml'), scorecardYaml().replace("expr: 'false'", "expr: 'false &&'"));
    const r = await runTally(['score', '--offline', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scorecards\.yaml:\d+:\d+: spec\.requirements\[5\]\.check\.expr: CEL syntax error/);
  });

  it('exits 2 naming the problem: no paths, a glob that matches nothing, an unknown scorecard', async () => {
    const none = await runTally(['score', '--offline']);
    expect(none).toMatchObject({ code: 2, stderr: expect.stringMatching(/--offline needs files, folders or globs/) });
    const dir = files();
    const glob = await runTally(['score', '--offline', join(dir, 'catalog.yaml'), join(dir, 'score*.yml')]);
    expect(glob).toMatchObject({ code: 2, stderr: expect.stringMatching(/score\*\.yml: matches no files/) });
    const scorecard = await runTally(['score', '--offline', dir, '--scorecard', 'nope']);
    expect(scorecard).toMatchObject({ code: 2, stderr: expect.stringMatching(/no scorecard 'nope' in the files/) });
  });
});

describe('tally score --offline on a project (a folder with tally.yaml, or --config)', () => {
  /** The files of files() as a project: tally.yaml lists them and a graph rule checkout (tier 1 → tier-2 cart) breaks. */
  function project(): string {
    const dir = files();
    writeFileSync(join(dir, 'scorecards.yaml'), scorecardYaml() + "    - { id: rules, title: Dependency rules, weight: 5, gate: B, check: { type: expr, expr: 'graph.violations.size() == 0' } }\n");
    writeFileSync(join(dir, 'tally.yaml'), 'catalog:\n  sources: [./catalog.yaml, ./scorecards.yaml, ./facts.*]\ngraph:\n  rules:\n    - { name: tier-1-only-on-tier-1, from: { tier: 1 }, to: { minTier: 2 } }\n');
    return dir;
  }
  const results = async (args: string[]) => {
    const r = await runTally(['score', '--offline', ...args, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return { stderr: r.stderr, results: json(r.stdout).results };
  };
  const rules = (out: Json['results'], name: string) => out.find((r) => r.entity === `component:default/${name}`)!.requirements.find((q) => q.id === 'rules')!.status;

  it('reads the sources and settings of tally.yaml, given the folder or the file', async () => {
    const dir = project();
    const folder = await results([dir]);
    expect(folder.stderr).toBe('');
    expect((await results(['--config', join(dir, 'tally.yaml')])).results).toEqual(folder.results);
    expect(rules(folder.results, 'checkout')).toBe('fail');
    expect(rules(folder.results, 'cart')).toBe('pass');
  });

  it('grades files alone with default settings, and says so (no tally.yaml: no graph rules)', async () => {
    const dir = project();
    const alone = await results([join(dir, 'catalog.yaml'), join(dir, 'scorecards.yaml')]);
    expect(rules(alone.results, 'checkout')).toBe('pass');
    expect(alone.stderr).toMatch(/^note: no tally\.yaml: default settings \(no graph\.rules\); pass --config/);
    const withConfig = await results([join(dir, 'catalog.yaml'), join(dir, 'scorecards.yaml'), '--config', join(dir, 'tally.yaml')]);
    expect(rules(withConfig.results, 'checkout')).toBe('fail');
  });

  it('offlineTarget: a project folder or --config means its catalog.sources, resolved beside tally.yaml', () => {
    const fromFolder = offlineTarget([DEMO], undefined, testHost, {});
    expect(fromFolder.paths).toEqual(['catalog/all.yaml', 'scorecards/*.yaml', 'facts/*.yaml', 'policies/*.yaml', 'slos/*.yaml', 'oncall/*.yaml'].map((p) => join(DEMO, p)));
    expect(fromFolder.configFile).toBe(join(DEMO, 'tally.yaml'));
    expect(fromFolder.config.graph.rules.map((r) => r.name)).toEqual(['tier-1-not-on-tier-3']);
    const fromConfig = offlineTarget([], DEMO_CONFIG, testHost, {});
    expect(fromConfig.paths).toEqual(fromFolder.paths);
    // files given with --config: those files, that project's settings
    const mixed = offlineTarget([join(DEMO, 'catalog/all.yaml')], DEMO_CONFIG, testHost, {});
    expect(mixed.paths).toEqual([join(DEMO, 'catalog/all.yaml')]);
    expect(mixed.config.graph.rules).toHaveLength(1);
    expect(offlineTarget([join(DEMO, 'catalog/all.yaml')], undefined, testHost, {}).configFile).toBeUndefined();
    expect(() => offlineTarget([], undefined, testHost, {})).toThrow(/--offline needs files/);
  });
});

describeEachEngine('tally score against a server', ({ db }) => {
  let app: App;
  beforeAll(async () => {
    const dir = files();
    const deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml', './scorecards.yaml', './facts.yaml'] } }, dir));
    app = await testApp(deps);
    const editor = await authHeader(deps, 'editor');
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    expect((await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: editor, payload: {} })).statusCode).toBe(200);
  });

  it('prints the server’s grades as JSON and gates with --min-grade', async () => {
    const r = await runTally(['score', '--format', 'json'], { app });
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.results.map((x) => x.entity).sort()).toEqual(['component:default/cart', 'component:default/checkout']);
    expect(out.results[0].requirements.length).toBe(8);
    const one = await runTally(['score', 'checkout', '--scorecard', 'prod', '--min-grade', 'A+'], { app });
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/prod\s+checkout/);
  });

  it('exits 2 naming an unknown entity, so a gate with a typo never passes', async () => {
    const r = await runTally(['score', 'chekout', '--min-grade', 'A'], { app });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/no entity component:default\/chekout in the catalog/);
  });

  it('exits 2 naming the scorecards the server has when --scorecard names none of them', async () => {
    const r = await runTally(['score', '--scorecard', 'production'], { app });
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/no scorecard 'production' on the server \(it has: prod\)/) });
  });
});
