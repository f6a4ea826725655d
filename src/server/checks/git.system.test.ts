import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitCheck, gitConfigSchema, type GitCheckConfig } from './git.ts';
import { busFactor } from './git-repo.ts';
import { entityCtx, testDeps, testGrading } from './testing.ts';
import type { CheckContext } from './types.ts';

const run = promisify(execFile);
let root: string;
const entityFile = () => path.join(root, 'catalog-info.yaml');

async function git(repo: string, args: string[], date = '2025-05-01T10:00:00Z') {
  const env = { PATH: '/usr/bin:/bin', HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  await run('git', args, { cwd: repo, env });
}

async function commit(repo: string, who: string, date: string, n = 1) {
  for (let i = 0; i < n; i++) {
    const file = path.join(repo, 'log.txt');
    await writeFile(file, `${who} ${date} ${i} ${Math.random()}\n`, { flag: 'a' });
    await git(repo, ['add', '.'], date);
    await git(repo, ['-c', `user.name=${who}`, '-c', `user.email=${who}`, 'commit', '-q', '-m', `change ${i}`], date);
  }
}

async function makeRepo(name: string): Promise<string> {
  const repo = path.join(root, 'repos', name);
  await mkdir(repo, { recursive: true });
  await git(repo, ['init', '-q']);
  return repo;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tally-git-'));
  await mkdir(path.join(root, 'catalog'));
  await mkdir(path.join(root, 'not-a-repo'));
  const solo = await makeRepo('solo');
  await writeFile(path.join(solo, 'README.md'), '# solo\n');
  await writeFile(path.join(solo, 'Dockerfile'), 'FROM node:20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n');
  await mkdir(path.join(solo, '.github'));
  await writeFile(path.join(solo, '.github', 'CODEOWNERS'), '# owners\n* @acme/payments\n');
  await symlink('/etc/hostname', path.join(solo, 'escape'));
  await commit(solo, 'carol@acme.example', '2023-01-01T10:00:00Z', 20); // too old to count
  await commit(solo, 'alice@acme.example', '2025-03-01T10:00:00Z', 6);
  await commit(solo, 'ALICE@acme.example', '2025-03-02T10:00:00Z', 1);
  await commit(solo, 'bob@acme.example', '2025-04-01T10:00:00Z', 3);
  await commit(solo, 'dave@acme.example', '2025-07-01T10:00:00Z', 20); // after "now"
  const team = await makeRepo('team');
  await writeFile(path.join(team, 'CODEOWNERS'), '# nobody yet\n\n');
  await commit(team, 'alice@acme.example', '2025-02-01T10:00:00Z', 3);
  await commit(team, 'bob@acme.example', '2025-02-02T10:00:00Z', 3);
  await commit(team, 'carol@acme.example', '2025-02-03T10:00:00Z', 2);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const cfg = (c: Omit<GitCheckConfig, 'type'>): GitCheckConfig => gitConfigSchema.parse({ type: 'git', ...c });
const svc = (repoPath?: string): CheckContext => entityCtx('svc', repoPath ? { 'tally.dev/repo-path': repoPath } : {});

async function check(config: GitCheckConfig, ctx: CheckContext, withEntityFile = true) {
  const obs = await gitCheck.collect!([{ key: 'k', ctx, config, entityFile: withEntityFile ? entityFile() : undefined }], testDeps({}, { baseDir: root }), testGrading);
  return gitCheck.evaluate(config, ctx, obs.get('k'), testGrading, { scorecard: 'sc', requirementId: 'r' });
}

describe('git check: files', () => {
  it('finds files relative to the entity file folder; an entity without a file (from the API) never reaches the filesystem', async () => {
    expect(await check(cfg({ file: 'README.md' }), svc('repos/solo'))).toMatchObject({ state: 'pass', message: 'README.md exists' });
    expect(await check(cfg({ file: 'README.md' }), svc('repos/solo'), false)).toMatchObject({ state: 'error', message: expect.stringMatching(/only for entities from catalog files/) });
    expect(await check(cfg({ file: 'README.md' }), svc('../repos/solo'))).toMatchObject({ state: 'error', message: expect.stringMatching(/leaves the folder/) });
    expect(await check(cfg({ file: 'RUNBOOK.md' }), svc('repos/solo'))).toMatchObject({ state: 'fail', message: 'RUNBOOK.md not found' });
  });

  it('tests contents with contains and matches', async () => {
    expect(await check(cfg({ file: 'Dockerfile', contains: 'HEALTHCHECK' }), svc('repos/solo'))).toMatchObject({ state: 'pass', message: expect.stringContaining('HEALTHCHECK CMD curl') });
    expect(await check(cfg({ file: 'Dockerfile', matches: '^USER\\s+\\w+' }), svc('repos/solo'))).toMatchObject({ state: 'fail', message: 'Dockerfile does not match /^USER\\s+\\w+/' });
    expect(await check(cfg({ file: 'Dockerfile', matches: '^FROM node:(18|20)$' }), svc('repos/solo'))).toMatchObject({ state: 'pass' });
  });

  it('does not follow symlinks out of the repository', async () => {
    expect(await check(cfg({ file: 'escape' }), svc('repos/solo'))).toMatchObject({ state: 'fail' });
  });

  it('refuses paths that leave the repository and bad regexes', () => {
    expect(gitConfigSchema.safeParse({ type: 'git', file: '../../etc/passwd' }).success).toBe(false);
    expect(gitConfigSchema.safeParse({ type: 'git', file: 'a', codeowners: true }).success).toBe(false);
    expect(gitConfigSchema.safeParse({ type: 'git', contains: 'x' }).success).toBe(false);
    expect(gitCheck.compile!(cfg({ file: 'a', matches: '([' }), testGrading)).toEqual([expect.objectContaining({ field: 'matches' })]);
  });
});

describe('git check: repository', () => {
  it('is n/a without the annotation, error when no repository is there', async () => {
    expect(await check(cfg({ file: 'README.md' }), svc())).toMatchObject({ state: 'n/a', message: 'no tally.dev/repo-path annotation' });
    expect(await check(cfg({ file: 'README.md' }), svc('not-a-repo'))).toMatchObject({ state: 'error', message: expect.stringContaining('no git repository at') });
    expect(await check(cfg({ file: 'README.md' }), svc('missing'))).toMatchObject({ state: 'error', message: expect.stringContaining('no git repository at') });
  });

  it('finds CODEOWNERS with rules', async () => {
    expect(await check(cfg({ codeowners: true }), svc('repos/solo'))).toMatchObject({ state: 'pass', message: '.github/CODEOWNERS has 1 rule' });
    expect(await check(cfg({ codeowners: true }), svc('repos/team'))).toMatchObject({ state: 'fail', message: 'CODEOWNERS has no rules' });
  });
});

describe('git check: bus factor', () => {
  it('counts authors by e-mail (any case) within the window ending at now', async () => {
    const out = await check(cfg({ busFactor: { min: 2, months: 12 } }), svc('repos/solo'));
    expect(out).toMatchObject({ state: 'fail', message: 'bus factor 1 (minimum 2): alice@acme.example (7) made at least half of 10 commits in 12 months' });
    expect(out.evidence).toMatchObject({ commits: 10, busFactor: 1, authors: [{ email: 'alice@acme.example', commits: 7 }, { email: 'bob@acme.example', commits: 3 }] });
  });

  it('passes when enough people share the work', async () => {
    const out = await check(cfg({ busFactor: {} as { min: number; months: number } }), svc('repos/team'));
    expect(out).toMatchObject({ state: 'pass', message: expect.stringMatching(/^bus factor 2 \(minimum 2\)/) });
  });

  it('fails when nobody committed in the window', async () => {
    expect(await check(cfg({ busFactor: { min: 2, months: 1 } }), svc('repos/team'))).toMatchObject({ state: 'fail', message: 'no commits in the last 1 months' });
  });

  it('answers every entity of a batch that shares a repository', async () => {
    const config = cfg({ busFactor: { min: 2, months: 12 } });
    const items = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, ctx: svc('repos/team'), config, entityFile: entityFile() }));
    const obs = await gitCheck.collect!(items, testDeps({}, { baseDir: root }), testGrading);
    expect(items.map((it) => gitCheck.evaluate(config, it.ctx, obs.get(it.key), testGrading, { scorecard: 'sc', requirementId: 'r' }).state)).toEqual(Array(6).fill('pass'));
  });

  it('computes the fewest authors with at least half of the commits', () => {
    expect(busFactor([])).toBe(0);
    expect(busFactor([{ email: 'a', commits: 5 }, { email: 'b', commits: 5 }])).toBe(1);
    expect(busFactor([{ email: 'a', commits: 4 }, { email: 'b', commits: 3 }, { email: 'c', commits: 3 }])).toBe(2);
  });
});
