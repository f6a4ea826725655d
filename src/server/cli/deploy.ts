// `tally deploy-check`: may this service deploy now? Exit 0 allowed, 1 denied, 2 could not decide.
// When the server cannot be reached (or fails), --on-error decides: deny (default, fail closed:
// exit 2) or allow (fail open: exit 0) — and the output says which happened.
import { InvalidArgumentError, type Command } from 'commander';
import type { DeployDecision } from '../policies/decide.ts';
import { offlineDeployDecision } from '../policies/offline.ts';
import { InputError, TallyError, UnavailableError, formatProblem } from '../platform/problems.ts';
import { callServer } from './remote.ts';
import { collect, formatOption } from './options.ts';

interface DeployCheckOptions {
  at?: string;
  server?: string;
  token?: string;
  onError: 'allow' | 'deny';
  offline?: boolean;
  policy?: string[];
  format: 'text' | 'json';
}

const instant = (value: string): string => {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`--at must be an ISO-8601 time, got "${value}"`);
  return value;
};
const onError = (value: string): 'allow' | 'deny' => {
  if (value !== 'allow' && value !== 'deny') throw new InvalidArgumentError('--on-error must be allow or deny');
  return value;
};

function print(d: DeployDecision, format: string): number {
  if (format === 'json') process.stdout.write(`${JSON.stringify(d)}\n`);
  else {
    process.stdout.write(`${d.allowed ? 'allowed' : 'denied'}: ${d.reason}\n`);
    process.stdout.write(`  grade ${d.grade ?? 'none'} · rule ${d.rule} · policy ${d.policy}${d.nextWindowStart ? ` · next window ${d.nextWindowStart}` : ''}\n`);
  }
  return d.allowed ? 0 : 1;
}

async function online(ref: string, o: DeployCheckOptions): Promise<number> {
  const query = o.at ? `?at=${encodeURIComponent(o.at)}` : '';
  try {
    const d = await callServer<DeployDecision>(o, 'GET', `/api/v1/entities/${encodeURIComponent(ref)}/deploy-decision${query}`);
    return print(d, o.format);
  } catch (err) {
    if (!(err instanceof UnavailableError)) throw err;
    const open = o.onError === 'allow';
    process.stderr.write(`tally: could not decide: ${err.message}\n`);
    process.stderr.write(open ? 'tally: failing OPEN (--on-error allow): the deploy may proceed\n' : 'tally: failing CLOSED (--on-error deny): the deploy must not proceed\n');
    return open ? 0 : 2;
  }
}

export function deployCommands(program: Command): void {
  program
    .command('deploy-check')
    .description('may REF deploy now (or --at)? exit 0 allowed, 1 denied, 2 could not decide')
    .argument('<args...>', 'REF, or with --offline: PATH… REF (catalog, scorecard and policy files)')
    .option('--at <iso>', 'the deploy time to ask about (default: now)', instant)
    .option('--server <url>', 'the Tally server (default: $TALLY_SERVER or http://127.0.0.1:7070)')
    .option('--token <token>', 'API token (default: $TALLY_TOKEN)')
    .option('--on-error <allow|deny>', 'when the server cannot be reached: fail open (allow) or closed (deny)', onError, 'deny')
    .option('--offline', 'decide from files, without a server')
    .option('--policy <file>', 'a Policy file (with --offline; repeatable)', collect)
    .option('--format <text|json>', 'output format', formatOption(['text', 'json']), 'text')
    .action(async (args: string[], o: DeployCheckOptions) => {
      const ref = args[args.length - 1];
      try {
        if (!o.offline) {
          if (args.length > 1) throw new InputError('give one REF (paths only with --offline)');
          process.exitCode = await online(ref, o);
          return;
        }
        if (args.length < 2) throw new InputError('--offline needs PATH… REF');
        const d = await offlineDeployDecision(args.slice(0, -1), ref, { at: o.at ? new Date(o.at) : new Date(), policyFiles: o.policy });
        process.exitCode = print(d, o.format);
        if (o.format === 'text' && d.notEvaluated.length) process.stdout.write(`  offline: not evaluated (need I/O, counted as errors): ${d.notEvaluated.join(', ')}\n`);
      } catch (err) {
        if (!(err instanceof TallyError)) throw err;
        process.stderr.write(`tally: could not decide: ${err.message}\n`);
        for (const p of err.problems.slice(1)) process.stderr.write(`  ${formatProblem(p)}\n`);
        process.exitCode = 2;
      }
    });
}
