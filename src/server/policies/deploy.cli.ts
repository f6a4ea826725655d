// `tally deploy-check`: may this service deploy now? Exit 0 allowed, 1 denied, 2 could not decide.
// When the server cannot be reached (or fails), --on-error decides: deny (default, fail closed:
// exit 2) or allow (fail open: exit 0) — and the output says which happened.
import type { Command } from 'commander';
import { parseInstant } from '../../common/instant.ts';
import type { Host } from '../module.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { collect, formatOption } from '../platform/cli/options.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import { TallyError, UnavailableError, formatProblem } from '../platform/problems.ts';
import { DEFAULT_SETTINGS_NOTE, offlineTarget } from '../scorecards/index.ts';
import type { DeployDecision } from './decide.ts';
import { offlineDeployDecision, type OfflineDecision } from './offline.ts';

interface DeployCheckOptions extends RemoteOptions {
  at?: string;
  onError: 'allow' | 'deny';
  offline?: boolean;
  policy?: string[];
  config?: string;
  probe?: boolean;
  format: 'text' | 'json';
}

const instant = (value: string): string => {
  const r = parseInstant(value);
  if (!r.ok) throw new UsageError(`--at: ${r.reason}`);
  return r.date.toISOString();
};
const onError = (value: string): 'allow' | 'deny' => {
  if (value !== 'allow' && value !== 'deny') throw new UsageError('--on-error must be allow or deny');
  return value;
};

export function deployCommands(program: Command, io: CliIo, host: Host): void {
  const print = (d: DeployDecision | OfflineDecision, format: string): number => {
    if (format === 'json') io.stdout.write(`${JSON.stringify(d)}\n`);
    else {
      io.stdout.write(`${d.allowed ? 'allowed' : 'denied'}: ${d.reason}\n`);
      io.stdout.write(`  grade ${d.grade ?? 'none'} · rule ${d.rule} · policy ${d.policy}${d.nextWindowStart ? ` · next window ${d.nextWindowStart}` : ''}\n`);
      const offline = (d as OfflineDecision).notEvaluated ?? [];
      if (offline.length) io.stdout.write(`  not evaluated offline: ${offline.map((q) => q.id).join(', ')}\n`);
    }
    return d.allowed ? 0 : 1;
  };
  const online = async (ref: string, o: DeployCheckOptions): Promise<number> => {
    const query = o.at ? `?at=${encodeURIComponent(o.at)}` : '';
    try {
      return print(await callServer<DeployDecision>(o, io, 'GET', `/api/v1/entities/${encodeURIComponent(ref)}/deploy-decision${query}`), o.format);
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      const open = o.onError === 'allow';
      io.stderr.write(`tally: could not decide: ${err.message}\n`);
      io.stderr.write(open ? 'tally: failing OPEN (--on-error allow): the deploy may proceed\n' : 'tally: failing CLOSED (--on-error deny): the deploy must not proceed\n');
      return open ? 0 : 2;
    }
  };

  remoteOptions(
    program
      .command('deploy-check')
      .description('may REF deploy now (or --at)? exit 0 allowed, 1 denied, 2 could not decide')
      .argument('<args...>', 'REF, or with --offline: [PATH…] REF (a project folder with tally.yaml, or catalog, scorecard and policy files)'),
  )
    .option('--at <iso>', 'the deploy time to ask about (default: now)', instant)
    .option('--on-error <allow|deny>', 'when the server cannot be reached: fail open (allow) or closed (deny)', onError, 'deny')
    .option('--offline', 'decide from files, without a server')
    .option('--policy <file>', 'offline: a Policy file to decide with (repeatable; or include it in the paths)', collect)
    .option('-c, --config <file>', 'offline: the tally.yaml whose sources and settings to use')
    .option('--probe', 'offline: also run network checks (http, prometheus)')
    .option('--format <text|json>', 'output format', formatOption(['text', 'json']), 'text')
    .action(async (args: string[], o: DeployCheckOptions) => {
      const ref = args[args.length - 1];
      if (!o.offline && args.length > 1) throw new UsageError('give one REF (paths only with --offline)');
      if (o.offline && args.length < 2 && !o.config) throw new UsageError('--offline needs PATH… REF (or a project folder, or --config)');
      try {
        if (!o.offline) {
          io.exitCode = await online(ref, o);
          return;
        }
        const { paths, config, configFile } = offlineTarget(args.slice(0, -1), o.config, host, io.env);
        if (!configFile) io.stderr.write(DEFAULT_SETTINGS_NOTE);
        const d = await offlineDeployDecision([...paths, ...(o.policy ?? [])], ref, host, { at: o.at ? new Date(o.at) : new Date(), config, probe: o.probe });
        io.exitCode = print(d, o.format);
      } catch (err) {
        if (!(err instanceof TallyError)) throw err;
        io.stderr.write(`tally: could not decide: ${err.message}\n`);
        for (const p of err.problems.slice(1)) io.stderr.write(`  ${formatProblem(p)}\n`);
        io.exitCode = 2;
      }
    });
}
