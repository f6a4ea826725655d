import type { Command } from 'commander';
import { loadConfig } from '../platform/config.ts';
import { openDeps } from '../platform/bootstrap.ts';
import { serve, worker } from '../platform/serve.ts';
import { intOption } from './options.ts';

export function serverCommands(program: Command): void {
  program
    .command('serve')
    .description('run the API, the web UI and the background jobs')
    .option('-c, --config <file>', 'tally.yaml to use')
    .option('-p, --port <n>', 'port to listen on (default: server.port, 7070)', intOption('--port'))
    .option('--host <host>', 'address to bind (default: server.host)')
    .option('--no-jobs', 'do not run background jobs in this process')
    .action(async (o: { config?: string; port?: number; host?: string; jobs: boolean }) => {
      const config = loadConfig(o.config);
      await serve(config, { port: o.port ?? config.server.port, host: o.host ?? config.server.host, jobs: o.jobs });
    });
  program
    .command('worker')
    .description('run background jobs only (scale out next to `serve` on PostgreSQL)')
    .option('-c, --config <file>', 'tally.yaml to use')
    .action(async (o: { config?: string }) => worker(loadConfig(o.config)));
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .option('-c, --config <file>', 'tally.yaml to use')
    .action(async (o: { config?: string }) => {
      const { deps, handle } = await openDeps(loadConfig(o.config), { migrate: false });
      const { migrateToLatest } = await import('../platform/db/migrate.ts');
      const applied = await migrateToLatest(deps.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      await handle.close();
    });
}
