// `tally token create|list|revoke`: API tokens, in the database of the given tally.yaml.
import type { Command } from 'commander';
import { hostEvents } from '../host.ts';
import type { Host } from '../module.ts';
import { createToken, listTokens, revokeToken } from '../platform/auth/tokens.ts';
import { openDeps } from '../platform/bootstrap.ts';
import type { CliIo } from '../platform/cli/io.ts';
import type { AppDeps } from '../platform/deps.ts';
import { NotFoundError } from '../platform/problems.ts';
import { requireConfig } from './config-file.ts';

export function tokenCommands(program: Command, io: CliIo, host: Host): void {
  const withDb = async <T>(configFile: string | undefined, fn: (deps: AppDeps) => Promise<T>): Promise<T> => {
    const config = host.loadConfig(requireConfig(configFile, io), io.env);
    const { deps, handle } = await openDeps(config, { migrations: host.migrations, events: hostEvents(host), log: (await import('pino')).pino({ level: 'silent' }) });
    try {
      return await fn(deps);
    } finally {
      await handle.close();
    }
  };
  const token = program.command('token').description('manage API tokens (in the database of tally.yaml)');
  token
    .command('create')
    .description('create a token; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what uses the token')
    .requiredOption('--role <role>', 'viewer, editor or admin')
    .option('-c, --config <file>', 'tally.yaml of the server (default: ./tally.yaml)')
    .action(async (o: { name: string; role: string; config?: string }) => {
      const created = await withDb(o.config, (deps) => createToken(deps.db, o, deps.clock()));
      io.stdout.write(`${created.token}\n`);
      io.stderr.write(`token "${o.name}" (${o.role}) created; it is shown only now — store it safely.\n`);
    });
  token
    .command('list')
    .option('-c, --config <file>', 'tally.yaml of the server (default: ./tally.yaml)')
    .action(async (o: { config?: string }) => {
      const rows = await withDb(o.config, (deps) => listTokens(deps.db));
      for (const r of rows) io.stdout.write(`${r.name}\t${r.role}\t${r.created_at}${r.revoked_at ? `\trevoked ${r.revoked_at}` : ''}\n`);
    });
  token
    .command('revoke')
    .requiredOption('--name <name>')
    .option('-c, --config <file>', 'tally.yaml of the server (default: ./tally.yaml)')
    .action(async (o: { name: string; config?: string }) => {
      const done = await withDb(o.config, (deps) => revokeToken(deps.db, o.name, deps.clock()));
      if (!done) throw new NotFoundError(`no active token named "${o.name}"`);
      io.stdout.write(`revoked ${o.name}\n`);
    });
}
