// `tally serve`, `tally worker`, `tally migrate`: the long-running processes and the schema,
// with every module's parts. Each needs the database of a tally.yaml (requireConfig). The HTTP
// server (Fastify) is loaded by the commands that run it, not at every `tally` start.
import type { Command } from 'commander';
import { hostEvents, serveParts } from '../host.ts';
import type { Host } from '../module.ts';
import type { CliIo } from '../platform/cli/io.ts';
import { openDeps } from '../platform/bootstrap.ts';
import { migrateToLatest, pendingMigrations } from '../platform/db/migrate.ts';
import { portOption } from '../platform/cli/options.ts';
import { requireConfig } from './config-file.ts';

export function serverCommands(program: Command, io: CliIo, host: Host): void {
  const parts = () => serveParts(host);
  program
    .command('serve')
    .description('run the API, the web UI and the background jobs')
    .option('-c, --config <file>', 'tally.yaml to use (default: ./tally.yaml)')
    .option('-p, --port <n>', 'port to listen on (default: server.port, 7070)', portOption)
    .option('--host <host>', 'address to bind (default: server.host)')
    .option('--no-jobs', 'do not run background jobs in this process')
    .action(async (o: { config?: string; port?: number; host?: string; jobs: boolean }) => {
      const config = host.loadConfig(requireConfig(o.config, io), io.env);
      const { serve } = await import('../platform/serve.ts');
      await serve(config, { port: o.port ?? config.server.port, host: o.host ?? config.server.host, jobs: o.jobs }, parts());
    });
  program
    .command('worker')
    .description('run background jobs only (scale out next to `serve` on PostgreSQL)')
    .option('-c, --config <file>', 'tally.yaml to use (default: ./tally.yaml)')
    .action(async (o: { config?: string }) => {
      const { worker } = await import('../platform/serve.ts');
      await worker(host.loadConfig(requireConfig(o.config, io), io.env), parts());
    });
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .option('-c, --config <file>', 'tally.yaml to use (default: ./tally.yaml)')
    .option('--dry-run', 'list the migrations that would run, and change nothing')
    .action(async (o: { config?: string; dryRun?: boolean }) => {
      const { deps, handle } = await openDeps(host.loadConfig(requireConfig(o.config, io), io.env), { migrations: host.migrations, events: hostEvents(host), migrate: false });
      try {
        if (o.dryRun) {
          const pending = await pendingMigrations(deps.db, host.migrations);
          io.stdout.write(pending.length ? `would apply (${pending.length}):\n${pending.map((m) => `  ${m}\n`).join('')}` : 'database is up to date\n');
          return;
        }
        const applied = await migrateToLatest(deps.db, host.migrations);
        io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await handle.close();
      }
    });
}
