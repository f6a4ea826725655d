import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandCheck, commandConfigSchema, firstLine, type CommandCheckConfig } from './command.ts';
import { entityCtx, testDeps, testGrading } from './testing.ts';
import type { CheckContext } from './types.ts';

let dir: string;
const entityFile = () => path.join(dir, 'svc', 'catalog-info.yaml');

async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tally-cmd-'));
  await mkdir(path.join(dir, 'svc'));
  await script('exit.sh', 'echo "STATUS $1 - checked | time=0.1s"; echo second line; exit "$1"');
  await script('env.sh', 'env | sort');
  await script('pwd.sh', 'pwd; echo "$@"');
  await script('sleep.sh', 'sleep 5 & echo started; sleep 5');
  await script('chatty.sh', 'head -c 3000000 /dev/zero | tr "\\0" x; echo; exit 0');
  await script('killself.sh', 'kill -9 $$');
  await writeFile(path.join(dir, 'svc', 'local.sh'), '#!/bin/sh\necho local ok\n');
  await chmod(path.join(dir, 'svc', 'local.sh'), 0o755);
  await writeFile(path.join(dir, 'not-executable.sh'), 'echo hi\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cfg = (c: Omit<CommandCheckConfig, 'type'>): CommandCheckConfig => commandConfigSchema.parse({ type: 'command', ...c });

async function run(config: CommandCheckConfig, ctx: CheckContext = entityCtx('payments')) {
  const obs = await commandCheck.collect!([{ key: 'k', ctx, config, entityFile: entityFile() }], testDeps({}, { baseDir: dir }), testGrading);
  return commandCheck.evaluate(config, ctx, obs.get('k'), testGrading, { scorecard: 'sc', requirementId: 'r' });
}

describe('command check', () => {
  it('maps Nagios exit codes and takes the message from the first line, without perfdata', async () => {
    const cmd = path.join(dir, 'exit.sh');
    expect(await run(cfg({ command: cmd, args: ['0'] }))).toMatchObject({ state: 'pass', message: 'STATUS 0 - checked' });
    expect(await run(cfg({ command: cmd, args: ['1'] }))).toMatchObject({ state: 'warn', message: 'STATUS 1 - checked' });
    expect(await run(cfg({ command: cmd, args: ['2'] }))).toMatchObject({ state: 'fail' });
    expect(await run(cfg({ command: cmd, args: ['3'] }))).toMatchObject({ state: 'error', message: 'STATUS 3 - checked' });
    expect(await run(cfg({ command: cmd, args: ['7'] }))).toMatchObject({ state: 'error', message: 'exit code 7: STATUS 7 - checked' });
    const out = await run(cfg({ command: cmd, args: ['0'] }));
    expect(out.evidence).toMatchObject({ exitCode: 0, output: expect.stringContaining('second line') });
  });

  it('errors on a signal', async () => {
    expect(await run(cfg({ command: path.join(dir, 'killself.sh') }))).toMatchObject({ state: 'error', message: 'killed by SIGKILL' });
  });

  it('runs with a restricted environment plus the check env and the entity', async () => {
    const out = await run(cfg({ command: path.join(dir, 'env.sh'), env: { TEAM: '{{label:team}}', REGION: 'eu' } }), entityCtx('payments', {}, {}));
    expect(out.state).toBe('n/a'); // {{label:team}} is missing
    const ctx = entityCtx('payments');
    ctx.entity.metadata.labels = { team: 'pay' };
    const ok = await run(cfg({ command: path.join(dir, 'env.sh'), env: { TEAM: '{{label:team}}', REGION: 'eu' } }), ctx);
    const lines = ((ok.evidence as { output: string }).output).trim().split('\n').filter((l) => !l.startsWith('PWD=') && !l.startsWith('SHLVL=') && !l.startsWith('_='));
    expect(lines).toEqual(['LANG=C', 'PATH=/usr/bin:/bin', 'REGION=eu', 'TALLY_ENTITY_NAME=payments', 'TALLY_ENTITY_REF=component:default/payments', 'TEAM=pay']);
  });

  it("runs in the entity file's folder, resolves relative commands there, and passes args as they are", async () => {
    const out = await run(cfg({ command: path.join(dir, 'pwd.sh'), args: ['{{name}}', '$(rm -rf /); `x`'] }));
    expect((out.evidence as { output: string }).output).toBe(`${path.join(dir, 'svc')}\npayments $(rm -rf /); \`x\`\n`);
    expect(await run(cfg({ command: './local.sh' }))).toMatchObject({ state: 'pass', message: 'local ok' });
  });

  it('kills the whole process group on timeout', async () => {
    const started = Date.now();
    const out = await run(cfg({ command: path.join(dir, 'sleep.sh'), timeoutMs: 200 }));
    expect(out).toMatchObject({ state: 'error', message: 'timed out after 200 ms' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('caps output and still finishes', async () => {
    const out = await run(cfg({ command: path.join(dir, 'chatty.sh') }));
    expect(out.state).toBe('pass');
    expect(out.evidence).toMatchObject({ truncated: true });
    expect(out.message.length).toBe(500);
  });

  it('errors when the program cannot be started', async () => {
    expect(await run(cfg({ command: path.join(dir, 'missing.sh') }))).toMatchObject({ state: 'error', message: expect.stringContaining('ENOENT') });
    expect(await run(cfg({ command: path.join(dir, 'not-executable.sh') }))).toMatchObject({ state: 'error', message: expect.stringContaining('EACCES') });
  });

  it('is never allowed from the API and validates its config', () => {
    expect(commandCheck.allowedFromApi).toBe(false);
    expect(commandConfigSchema.safeParse({ type: 'command', command: 'x', env: { 'BAD-NAME': 'x' } }).success).toBe(false);
    expect(commandCheck.compile!(cfg({ command: 'x', args: ['{{nope}}'] }), testGrading)).toEqual([expect.objectContaining({ field: 'args[0]' })]);
  });

  it('runs in offline mode too (commands are local)', async () => {
    const ctx = entityCtx('payments');
    const config = cfg({ command: path.join(dir, 'exit.sh'), args: ['0'] });
    const obs = await commandCheck.collect!([{ key: 'k', ctx, config, entityFile: entityFile() }], testDeps({ offline: true }, { baseDir: dir }), testGrading);
    expect(commandCheck.evaluate(config, ctx, obs.get('k'), testGrading, { scorecard: 'sc', requirementId: 'r' }).state).toBe('pass');
  });
});

describe('firstLine', () => {
  it('falls back to stderr and skips blank lines', () => {
    expect(firstLine('\n\n  hello | a=1\n', '')).toBe('hello');
    expect(firstLine('', 'oops\n')).toBe('oops');
  });
});
