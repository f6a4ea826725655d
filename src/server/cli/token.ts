// `tally token create|list|revoke`: API tokens, in the database of the given tally.yaml.
import type { Command } from 'commander';
import { hostEvents } from '../host.ts';
import type { Host } from '../module.ts';
import { createToken, listTokens, revokeToken } from '../platform/auth/tokens.ts';
import { openDeps } from '../platform/bootstrap.ts';
import type { CliIo } from '../platform/cli/io.ts';
import type { AppDeps } from '../platform/deps.ts';
import { InputError, NotFoundError } from '../platform/problems.ts';
import { parseDuration } from '../../common/duration.ts';
import { parseInstant } from '../../common/instant.ts';

/** `--expires`: a duration from now (90d) or an instant. */
function expiryOf(text: string, now: Date): Date {
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now.getTime() + ms);
  const at = parseInstant(text);
  if (at.ok) return at.date;
  throw new InputError(`--expires: "${text}" is neither a duration (90d, 12h) nor a time (${at.reason})`);
}
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
    .option('--expires <when>', 'refuse the token after this: a duration from now (90d, 12h) or a time (2027-01-01T00:00:00Z)')
    .option('-c, --config <file>', 'tally.yaml of the server (default: ./tally.yaml)')
    .action(async (o: { name: string; role: string; expires?: string; config?: string }) => {
      const created = await withDb(o.config, (deps) => createToken(deps.db, { ...o, expiresAt: o.expires === undefined ? undefined : expiryOf(o.expires, deps.clock()) }, deps.clock()));
      io.stdout.write(`${created.token}\n`);
      io.stderr.write(`token "${o.name}" (${o.role}) created${o.expires ? `, expiring ${expiryOf(o.expires, new Date()).toISOString().slice(0, 16)}Z` : ''}; it is shown only now — store it safely.\n`);
    });
  token
    .command('list')
    .option('-c, --config <file>', 'tally.yaml of the server (default: ./tally.yaml)')
    .action(async (o: { config?: string }) => {
      const rows = await withDb(o.config, (deps) => listTokens(deps.db));
      for (const r of rows) {
        const extra = [r.revoked_at ? `revoked ${r.revoked_at}` : '', r.expires_at ? `expires ${r.expires_at}` : '', `last used ${r.last_used_at ?? 'never'}`].filter(Boolean);
        io.stdout.write(`${r.name}\t${r.role}\t${r.created_at}\t${extra.join('\t')}\n`);
      }
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
