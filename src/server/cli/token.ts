import type { Command } from 'commander';
import { createToken, listTokens, revokeToken } from '../platform/auth/tokens.ts';
import { openDeps } from '../platform/bootstrap.ts';
import { loadConfig } from '../platform/config.ts';
import { NotFoundError } from '../platform/problems.ts';

async function withDb<T>(configFile: string | undefined, fn: (deps: Awaited<ReturnType<typeof openDeps>>['deps']) => Promise<T>): Promise<T> {
  const { deps, handle } = await openDeps(loadConfig(configFile), { log: (await import('pino')).pino({ level: 'silent' }) });
  try {
    return await fn(deps);
  } finally {
    await handle.close();
  }
}

export function tokenCommands(program: Command): void {
  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create a token; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what uses the token')
    .requiredOption('--role <role>', 'viewer, editor or admin')
    .option('-c, --config <file>', 'tally.yaml to use')
    .action(async (o: { name: string; role: string; config?: string }) => {
      const created = await withDb(o.config, (deps) => createToken(deps.db, o, deps.clock()));
      process.stdout.write(`${created.token}\n`);
      process.stderr.write(`token "${o.name}" (${o.role}) created; it is shown only now — store it safely.\n`);
    });
  token
    .command('list')
    .option('-c, --config <file>', 'tally.yaml to use')
    .action(async (o: { config?: string }) => {
      const rows = await withDb(o.config, (deps) => listTokens(deps.db));
      for (const r of rows) process.stdout.write(`${r.name}\t${r.role}\t${r.created_at}${r.revoked_at ? `\trevoked ${r.revoked_at}` : ''}\n`);
    });
  token
    .command('revoke')
    .requiredOption('--name <name>')
    .option('-c, --config <file>', 'tally.yaml to use')
    .action(async (o: { name: string; config?: string }) => {
      const done = await withDb(o.config, (deps) => revokeToken(deps.db, o.name, deps.clock()));
      if (!done) throw new NotFoundError(`no active token named "${o.name}"`);
      process.stdout.write(`revoked ${o.name}\n`);
    });
}
