import type { Command } from 'commander';
import { validateCatalogPaths } from '../catalog/validate-command.ts';

export function catalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('work with catalog files');
  catalog
    .command('validate')
    .description('check catalog files without a database: exit 0 when valid, 1 with one line per problem')
    .argument('<paths...>', 'files, folders or globs')
    .action(async (paths: string[]) => {
      const { lines, exitCode, summary } = await validateCatalogPaths(paths);
      for (const line of lines) process.stdout.write(`${line}\n`);
      process.stderr.write(`${summary}\n`);
      process.exitCode = exitCode;
    });
}
