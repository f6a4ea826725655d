// `tally backup create|verify|restore|list`: Tally's own backups, on the database of tally.yaml.
import type { Command } from 'commander';
import type { Host } from '../module.ts';
import type { CliIo } from '../platform/cli/io.ts';
import { InputError, UnavailableError } from '../platform/problems.ts';
import { requireConfig } from '../cli/config-file.ts';
import { backupDir, createBackup, listBackups, restoreBackup, verifyBackup, type Manifest } from './backup.ts';

const rows = (m: Manifest) => Object.values(m.tables).reduce((n, t) => n + t.rows, 0);

export function backupCommands(program: Command, io: CliIo, host: Host): void {
  const config = (file?: string) => host.loadConfig(requireConfig(file, io), io.env);
  const backup = program.command('backup').description("Tally's own backups: make, verify (restore into a scratch database and compare), restore");
  backup
    .command('create')
    .description('back up the database (SQLite online backup; PostgreSQL pg_dump, custom format) into backup.dir')
    .option('-c, --config <file>', 'tally.yaml (default: ./tally.yaml)')
    .action(async (o: { config?: string }) => {
      const m = await createBackup(config(o.config), new Date());
      io.stdout.write(`${backupDir(config(o.config))}/${m.file}\n`);
      io.stderr.write(`backed up ${Object.keys(m.tables).length} tables, ${rows(m)} rows, ${m.bytes} bytes; check it with \`tally backup verify\`\n`);
    });
  backup
    .command('verify [file]')
    .description('restore a backup (default: the newest) into a scratch database and compare rows and checksums per table; exit 1 on any difference')
    .option('-c, --config <file>', 'tally.yaml (default: ./tally.yaml)')
    .action(async (file: string | undefined, o: { config?: string }) => {
      const m = await verifyBackup(config(o.config), file, () => new Date());
      if (!m.verify!.ok) throw new UnavailableError(`backup ${m.file} does not restore to what was backed up:\n  ${m.verify!.mismatches.join('\n  ')}`);
      io.stdout.write(`verified ${m.file}: ${Object.keys(m.tables).length} tables, ${rows(m)} rows restored and identical (${m.verify!.ms} ms)\n`);
    });
  backup
    .command('restore [file]')
    .description('replace the database with a backup (default: the newest); stop every serve and worker first')
    .option('--yes', 'really replace the database')
    .option('-c, --config <file>', 'tally.yaml (default: ./tally.yaml)')
    .action(async (file: string | undefined, o: { config?: string; yes?: boolean }) => {
      if (!o.yes) throw new InputError('--yes: restore replaces the whole database; stop every `tally serve` and `tally worker`, then run it again with --yes');
      const { manifest, mismatches } = await restoreBackup(config(o.config), file);
      if (mismatches.length) throw new UnavailableError(`restored ${manifest.file}, but it differs from its manifest:\n  ${mismatches.join('\n  ')}`);
      io.stdout.write(`restored ${manifest.file} (made ${manifest.createdAt}): ${rows(manifest)} rows\n`);
    });
  backup
    .command('list')
    .option('-c, --config <file>', 'tally.yaml (default: ./tally.yaml)')
    .action(async (o: { config?: string }) => {
      for (const m of listBackups(backupDir(config(o.config)))) {
        io.stdout.write(`${m.file}\t${m.createdAt}\t${m.bytes}\t${m.verify ? `${m.verify.ok ? 'verified' : 'FAILED'} ${m.verify.at}` : 'not verified'}\n`);
      }
    });
}
