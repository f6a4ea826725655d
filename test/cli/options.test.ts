// The `tally` program as a whole, in this process: every option of every command reaches its
// command (none is taken by a program-wide option such as --version), and usage errors exit 2.
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/server/main.ts';
import { VERSION } from '../../src/server/platform/bootstrap.ts';
import { bufferIo } from '../../src/server/platform/cli/io.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { testHost } from '../../src/server/testing/host.ts';

/** Commands that run something (no subcommands), with the words that reach them. */
function leaves(cmd: Command, path: string[] = []): { path: string[] }[] {
  if (cmd.commands.length === 0) return [{ path }];
  return cmd.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}

const find = (program: Command, path: string[]): Command => path.reduce((c, name) => c.commands.find((s) => s.name() === name)!, program);

/** A value the option's own parser accepts (its choices, else the first candidate it does not refuse). */
function sample(o: Option): string {
  const choices = o.argChoices ?? (o.parseArg as { choices?: string[] } | undefined)?.choices;
  if (choices) return choices[0];
  for (const v of ['A', 'json', 'text', 'deploy', 'succeeded', 'allow', 'dot', '1', '2026-11-23T12:00:00Z', 'aws=aws=https://ranges.example/ip-ranges.json', 'x']) {
    try {
      o.parseArg?.(v, o.defaultValue);
      return v;
    } catch {
      // not a value this option takes; try the next
    }
  }
  throw new Error(`no sample value for ${o.flags}`);
}
const withValue = (o: Option): string[] => [o.long!, ...(o.required || o.optional ? [sample(o)] : [])];

/** Parses `path + option` with the command's action replaced: what did the command receive? */
async function received(path: string[], option: Option): Promise<{ opts?: Record<string, unknown>; out: string }> {
  const io = bufferIo();
  const program = buildProgram(io, testHost);
  const cmd = find(program, path);
  let opts: Record<string, unknown> | undefined;
  cmd.action((...args: unknown[]) => void (opts = (args.at(-1) as Command).opts()));
  const required = cmd.options.filter((o) => o.mandatory && o !== option && o.long !== option.long).flatMap(withValue);
  const args = cmd.registeredArguments.filter((a) => a.required).map(() => 'x');
  await program.parseAsync([...path, ...args, ...required, ...withValue(option)], { from: 'user' });
  return { opts, out: io.out() };
}

describe('every option of every command', () => {
  const program = buildProgram(bufferIo(), testHost);
  const commands = leaves(program).map(({ path }) => ({ path, options: find(program, path).options.filter((o) => o.long !== '--help') }));

  it('covers the commands a user knows', () => {
    const names = commands.map((c) => c.path.join(' '));
    for (const name of ['serve', 'worker', 'migrate', 'token create', 'catalog validate', 'graph cycles', 'score', 'deploy-check', 'change record', 'change list']) expect(names).toContain(name);
    expect(commands.reduce((n, c) => n + c.options.length, 0)).toBeGreaterThan(60);
  });

  it.each(commands.map((c) => [c.path.join(' '), c] as const))('tally %s receives each of its options (none is shadowed by a program option)', async (_name, { path, options }) => {
    for (const option of options) {
      const { opts, out } = await received(path, option);
      expect(out, `${path.join(' ')} ${option.long} printed the version`).not.toContain(VERSION);
      expect(opts?.[option.attributeName()], `${path.join(' ')} ${option.long}`).toBeDefined();
      if (option.negate) expect(opts?.[option.attributeName()]).toBe(false);
    }
  });
});

describe('usage errors exit 2 with the reason', () => {
  it.each([
    [['serve', '--port', '99999'], /--port must be a port number from 0 to 65535, got "99999"/],
    [['score', '--min-grade', 'Z'], /--min-grade must be one of A\+, A, B, C, D, F/],
    [['score', '--offline'], /--offline needs files, folders or globs to evaluate/],
    [['change', 'list', '--kind', 'deploi'], /--kind takes a comma-separated list of deploy, config/],
    [['change', 'list', '--limit', 'many'], /--limit must be a whole number/],
    [['deploy-check', 'checkout', '--on-error', 'maybe'], /--on-error must be allow or deny/],
    [['graph', 'cycles', '--format', 'xml'], /--format must be one of text, json/],
    [['scor'], /unknown command 'scor'/],
    [['score', '--colour'], /unknown option '--colour'/],
  ])('tally %j', async (args, message) => {
    const r = await runTally(args as string[], { env: { TALLY_SERVER: 'http://127.0.0.1:9' } });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  it('prints the version with -V and --version, and help with exit 0', async () => {
    expect(await runTally(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(await runTally(['-V'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = await runTally(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/deploy-check/);
  });
});
