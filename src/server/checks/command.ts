// Check type `command`: runs a local executable and reads its Nagios-style exit code
// (0 OK → pass, 1 WARNING → warn, 2 CRITICAL → fail, 3 UNKNOWN → error; anything else or a
// signal → error). Only from files on disk, never from API input (allowedFromApi: false).
// Commands are local, so they also run in offline mode.
import path from 'node:path';
import { z } from 'zod';
import type { Problem } from '../platform/problems.ts';
import type { CheckContext, CheckType, CollectDeps, CollectItem, Outcome } from './types.ts';
import { noEscape, renderTemplate, templateProblems } from './http-template.ts';
import { mapLimit } from '../platform/outbound/fetch.ts';
import { runCommand, type RunResult, type RunSpec } from './command-run.ts';

const CONCURRENCY = 4;
const DEFAULT_TIMEOUT = 10_000;
const MESSAGE_MAX = 500;
const EXCERPT = 2000;
export const COMMAND_PATH = '/usr/bin:/bin';

export const commandConfigSchema = z
  .object({
    type: z.literal('command'),
    command: z.string().min(1).max(1024),
    args: z.array(z.string().max(4096)).max(100).optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and _'), z.string().max(4096)).optional(),
  })
  .strict();
export type CommandCheckConfig = z.infer<typeof commandConfigSchema>;

export type CommandObservation = RunResult & { command: string; args: string[]; timeoutMs: number; observedAt: string };

function compileCommand(config: CommandCheckConfig): Problem[] {
  const args = (config.args ?? []).flatMap((a, i) => templateProblems(a, `args[${i}]`));
  const env = Object.entries(config.env ?? {}).flatMap(([k, v]) => templateProblems(v, `env.${k}`));
  return [...args, ...env];
}

type Prepared = { ok: true; spec: RunSpec } | { ok: false; message: string };

/** Builds the run: placeholders substituted, relative command resolved from the working folder. */
export function prepareCommand(config: CommandCheckConfig, ctx: CheckContext, cwd: string): Prepared {
  const args: string[] = [];
  for (const a of config.args ?? []) {
    const r = renderTemplate(a, ctx, noEscape);
    if (!r.ok) return { ok: false, message: `an argument needs {{${r.missing}}}, which this entity does not have` };
    args.push(r.value);
  }
  const env: Record<string, string> = { PATH: COMMAND_PATH, LANG: 'C' };
  for (const [k, v] of Object.entries(config.env ?? {})) {
    const r = renderTemplate(v, ctx, noEscape);
    if (!r.ok) return { ok: false, message: `env.${k} needs {{${r.missing}}}, which this entity does not have` };
    env[k] = r.value;
  }
  Object.assign(env, { TALLY_ENTITY_REF: ctx.ref, TALLY_ENTITY_NAME: ctx.entity.metadata.name });
  const command = config.command.includes('/') ? path.resolve(cwd, config.command) : config.command;
  return { ok: true, spec: { command, args, cwd, env, timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT } };
}

async function collectCommand(items: CollectItem<CommandCheckConfig>[], deps: CollectDeps): Promise<Map<string, unknown>> {
  const runs = new Map<string, { spec: RunSpec; keys: string[] }>();
  for (const item of items) {
    const cwd = item.entityFile ? path.dirname(path.resolve(deps.config.baseDir, item.entityFile)) : deps.config.baseDir;
    const p = prepareCommand(item.config, item.ctx, cwd);
    if (!p.ok) continue;
    const id = JSON.stringify(p.spec);
    const run = runs.get(id) ?? { spec: p.spec, keys: [] };
    run.keys.push(item.key);
    runs.set(id, run);
  }
  const list = [...runs.values()];
  const results = await mapLimit(list, CONCURRENCY, async ({ spec }) => {
    const observedAt = deps.now().toISOString();
    return { ...(await runCommand(spec)), command: spec.command, args: spec.args, timeoutMs: spec.timeoutMs, observedAt };
  });
  const out = new Map<string, unknown>();
  list.forEach((r, i) => r.keys.forEach((k) => out.set(k, results[i])));
  return out;
}

/** First non-empty line of stdout (else stderr), without Nagios performance data after `|`. */
export function firstLine(stdout: string, stderr: string): string {
  const pick = (s: string) => s.split('\n').map((l) => l.split('|')[0].trim()).find((l) => l !== '');
  return (pick(stdout) ?? pick(stderr) ?? '').slice(0, MESSAGE_MAX);
}

const EXIT_STATES = ['pass', 'warn', 'fail', 'error'] as const;

function evaluateCommand(config: CommandCheckConfig, ctx: CheckContext, observation: unknown): Outcome {
  const p = prepareCommand(config, ctx, '.');
  if (!p.ok) return { state: 'n/a', message: p.message };
  const o = observation as CommandObservation | undefined;
  if (!o || typeof o !== 'object' || typeof o.timedOut !== 'boolean') return { state: 'n/a', message: 'command not run' };
  const evidence = { command: o.command, args: o.args, exitCode: o.exitCode, signal: o.signal, durationMs: o.durationMs, output: o.stdout.slice(0, EXCERPT), stderr: o.stderr.slice(0, EXCERPT) || undefined, truncated: o.truncated || undefined };
  const at = { evidence, observedAt: o.observedAt };
  if (o.spawnError) return { state: 'error', message: `cannot run ${o.command}: ${o.spawnError}`, ...at };
  if (o.timedOut) return { state: 'error', message: `timed out after ${o.timeoutMs} ms`, ...at };
  const line = firstLine(o.stdout, o.stderr);
  if (o.exitCode === null || o.exitCode < 0 || o.exitCode > 3) {
    const how = o.exitCode === null ? `killed by ${o.signal}` : `exit code ${o.exitCode}`;
    return { state: 'error', message: `${how}${line ? `: ${line}` : ''}`, ...at };
  }
  return { state: EXIT_STATES[o.exitCode], message: line || `exit code ${o.exitCode}`, ...at };
}

export const commandCheck: CheckType<CommandCheckConfig> = {
  type: 'command',
  schema: commandConfigSchema,
  allowedFromApi: false,
  compile: compileCommand,
  collect: collectCommand,
  evaluate: evaluateCommand,
};
