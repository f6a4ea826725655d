// The demo repositories give the default scorecard's git checks real, differing answers.
import { testGrading } from '../checks/testing.ts';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitCheck } from '../checks/index.ts';
import type { CollectDeps, CollectItem } from '../checks/index.ts';
import { context, entity } from '../scorecards/testing.ts';
import { DEMO_REPOS, demoRepoDir, ensureDemoRepos } from './repos.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
let catalogDir = '';

beforeAll(async () => {
  catalogDir = await mkdtemp(path.join(tmpdir(), 'tally-demo-repos-'));
  await ensureDemoRepos(catalogDir, { now: NOW });
});
afterAll(() => rm(catalogDir, { recursive: true, force: true }));

const deps = (): CollectDeps => ({
  now: () => NOW,
  offline: true,
  fetch,
  timeoutMs: 10_000,
  config: { outbound: { allow: [], allowPrivate: false, allowLinkLocal: false }, prometheus: {}, baseDir: catalogDir },
});

/** The git check's verdict for one demo repository, reached as the catalog reaches it. */
async function verdict(name: string, config: Parameters<typeof gitCheck.evaluate>[0]): Promise<string> {
  const repo = DEMO_REPOS.find((r) => r.name === name)!;
  const ctx = context(entity(name, { annotations: { 'tally.dev/repo-path': `data/repos/${name}` } }), { now: NOW });
  const item: CollectItem<typeof config> = { key: name, ctx, config, entityFile: path.join(catalogDir, repo.system, 'services.yaml') };
  const observed = await gitCheck.collect!([item], deps(), testGrading);
  return gitCheck.evaluate(config, ctx, observed.get(name), testGrading, { scorecard: 'sc', requirementId: 'r' }).state;
}

describe('ensureDemoRepos', () => {
  it('creates one repository per demo service beside its catalog file', () => {
    for (const r of DEMO_REPOS) expect(existsSync(path.join(demoRepoDir(catalogDir, r), '.git')), r.name).toBe(true);
  });

  it('gives payments a README, CODEOWNERS and a bus factor of 2', async () => {
    expect(await verdict('payments', { type: 'git', file: 'README.md' })).toBe('pass');
    expect(await verdict('payments', { type: 'git', codeowners: true })).toBe('pass');
    expect(await verdict('payments', { type: 'git', busFactor: { min: 2, months: 12 } })).toBe('pass');
  });

  it('gives wishlist and promotions a failing bus factor, and wishlist no README', async () => {
    expect(await verdict('wishlist', { type: 'git', busFactor: { min: 2, months: 12 } })).toBe('fail');
    expect(await verdict('promotions', { type: 'git', busFactor: { min: 2, months: 12 } })).toBe('fail');
    expect(await verdict('wishlist', { type: 'git', file: 'README.md' })).toBe('fail');
  });

  it('leaves existing repositories alone', async () => {
    const dir = path.join(demoRepoDir(catalogDir, DEMO_REPOS[0]), '.git');
    const before = (await stat(dir)).mtimeMs;
    await ensureDemoRepos(catalogDir, { now: new Date('2030-01-01T00:00:00Z') });
    expect((await stat(dir)).mtimeMs).toBe(before);
  });

  it("makes checkout's repository again when it was made before it held the code the demo's errors point at", async () => {
    const checkout = demoRepoDir(catalogDir, DEMO_REPOS.find((r) => r.name === 'checkout')!);
    await rm(path.join(checkout, 'internal'), { recursive: true }); // as a repository of an earlier demo has it
    await ensureDemoRepos(catalogDir, { now: NOW });
    expect(existsSync(path.join(checkout, 'internal/checkout/coupons.go'))).toBe(true);
  });
});
