// `tally score`: grades from the server, or from local files with --offline (no server, no
// database: the pull-request check). --min-grade makes it a gate; --compare-to shows how a
// change would move the grades. A folder holding tally.yaml (or --config) is a project: its
// sources and settings are used, exactly as the server would use them.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { compareGrades, GRADES, isGrade, type Grade } from '../../common/grades.ts';
import { normalizeRef, shortRef } from '../../common/refs.ts';
import type { Host } from '../module.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { formatOption } from '../platform/cli/options.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import type { Config } from '../platform/config.ts';
import { NotFoundError } from '../platform/problems.ts';
import { evaluateFiles, type OfflineResult } from './evaluation/offline.ts';

interface ScoreOptions extends RemoteOptions {
  scorecard?: string;
  format: string;
  minGrade?: string;
  offline?: boolean;
  probe?: boolean;
  config?: string;
  compareTo?: string[];
}

const gradeOption = (value: string): string => {
  if (!isGrade(value)) throw new UsageError(`--min-grade must be one of ${GRADES.join(', ')}, not "${value}"`);
  return value;
};

export function scoreCommands(program: Command, io: CliIo, host: Host): void {
  remoteOptions(
    program
      .command('score')
      .description('grades of entities: from the server, or evaluated from local files with --offline; exit 1 when any is below --min-grade')
      .argument('[refs-or-paths...]', 'entity refs (server), or a project folder (with tally.yaml) or catalog/scorecard/facts files, folders, globs (--offline)'),
  )
    .option('--scorecard <name>', 'only this scorecard')
    .option('--format <format>', 'table or json', formatOption(['table', 'json']), 'table')
    .option('--min-grade <grade>', 'exit 1 when any entity is below this grade (A+, A, B, C, D, F)', gradeOption)
    .option('--offline', 'evaluate files, with no server and no database')
    .option('--probe', 'offline: also run network checks (http, prometheus); they are not evaluated otherwise')
    .option('-c, --config <file>', 'offline: the tally.yaml whose sources and settings to use')
    .option('--compare-to <paths...>', 'offline: also evaluate these files (e.g. the base branch) and print the grade changes')
    .action(async (args: string[], o: ScoreOptions) => {
      if (o.compareTo && !o.offline) throw new UsageError('--compare-to works with --offline');
      const results = o.offline ? await offlineResults(args, o, io, host) : await serverResults(args, o, io);
      if (o.compareTo) {
        const base = await offlineResults(o.compareTo, o, io, host);
        io.stdout.write(o.format === 'json' ? `${JSON.stringify({ results, changes: gradeChanges(base, results) }, null, 2)}\n` : `${changesTable(gradeChanges(base, results))}\n`);
      } else io.stdout.write(o.format === 'json' ? `${JSON.stringify({ results }, null, 2)}\n` : `${table(results)}\n`);
      const below = o.minGrade ? results.filter((r) => r.grade !== null && compareGrades(r.grade, o.minGrade as Grade) > 0) : [];
      if (below.length) io.stderr.write(`${below.length} result(s) below ${o.minGrade}: ${below.map((r) => `${shortRef(r.entity)} ${r.grade}`).join(', ')}\n`);
      io.exitCode = below.length ? 1 : 0;
    });
}

/**
 * What --offline evaluates: the paths given, or a project's sources (a folder with tally.yaml, or
 * --config). `configFile` is the tally.yaml whose settings apply; absent, the defaults do (no
 * graph.rules), and the commands say so: the server grades with its tally.yaml.
 */
export function offlineTarget(paths: readonly string[], configFile: string | undefined, host: Host, env: CliIo['env']): { paths: string[]; config: Config; configFile?: string } {
  const project = !configFile && paths.length === 1 && isDirectory(paths[0]) && existsSync(join(paths[0], 'tally.yaml')) ? join(paths[0], 'tally.yaml') : undefined;
  const file = configFile ?? project;
  const config = host.loadConfig(file, env);
  if (paths.length > 0 && !project) return { paths: [...paths], config, configFile: file };
  if (!file) throw new UsageError('--offline needs files, folders or globs to evaluate, a folder holding tally.yaml, or --config');
  const sources = config.catalog.sources.map((s) => (isAbsolute(s) ? s : resolve(config.baseDir, s)));
  if (sources.length === 0) throw new UsageError(`${file} lists no catalog.sources to evaluate`);
  return { paths: sources, config, configFile: file };
}

/** The note printed when files are graded without a project's tally.yaml. */
export const DEFAULT_SETTINGS_NOTE = 'note: no tally.yaml: default settings (no graph.rules); pass --config, or the project folder, to grade as the server does\n';

const isDirectory = (p: string) => existsSync(p) && statSync(p).isDirectory();

async function offlineResults(args: string[], o: ScoreOptions, io: CliIo, host: Host): Promise<OfflineResult[]> {
  const { paths, config, configFile } = offlineTarget(args, o.config, host, io.env);
  if (!configFile) io.stderr.write(DEFAULT_SETTINGS_NOTE);
  const bar = io.stderr.isTTY ? new SingleBar({ format: 'scoring {bar} {value}/{total} scorecards', stream: io.stderr as NodeJS.WriteStream, clearOnComplete: true }) : undefined;
  try {
    const { results } = await evaluateFiles(paths, host, {
      config,
      probe: !!o.probe,
      now: new Date(),
      scorecard: o.scorecard,
      onProgress: (done, total) => (done === 1 && bar?.start(total, 0), bar?.update(done)),
    });
    const notHere = results.flatMap((r) => r.requirements.filter((q) => q.offline).map((q) => `${shortRef(r.entity)} ${q.id}: ${q.message}`));
    if (notHere.length && o.format !== 'json') io.stderr.write(`not evaluated offline (${notHere.length}):\n  ${notHere.slice(0, 20).join('\n  ')}${notHere.length > 20 ? `\n  … and ${notHere.length - 20} more (see --format json)` : ''}\n`);
    return results;
  } finally {
    bar?.stop();
  }
}

async function serverResults(refs: string[], o: ScoreOptions, io: CliIo): Promise<OfflineResult[]> {
  const all = (await callServer<{ items: { name: string }[] }>(o, io, 'GET', '/api/v1/scorecards')).items.map((i) => i.name);
  if (o.scorecard && !all.includes(o.scorecard)) throw new UsageError(`no scorecard '${o.scorecard}' on the server (it has: ${all.join(', ') || 'none'})`);
  const names = o.scorecard ? [o.scorecard] : all;
  const full = refs.map((ref) => {
    const r = normalizeRef(ref, { defaultKind: 'component' });
    if (!r) throw new UsageError(`"${ref}" is not an entity reference`);
    return r;
  });
  const out: OfflineResult[] = [];
  for (const name of names) {
    const path = `/api/v1/scorecards/${encodeURIComponent(name)}/results`;
    for (let cursor: string | null = ''; full.length === 0 && cursor !== null; ) {
      const page: { results: OfflineResult[]; nextCursor: string | null } = await callServer(o, io, 'GET', `${path}?limit=2000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.results);
      cursor = page.nextCursor;
    }
    for (const ref of full) out.push(...(await callServer<{ results: OfflineResult[] }>(o, io, 'GET', `${path}?entity=${encodeURIComponent(ref)}`)).results);
  }
  for (const ref of full) {
    if (out.some((r) => r.entity === ref)) continue;
    // Graded nowhere: an unknown entity is an error (a CI gate with a typo must not pass).
    await callServer(o, io, 'GET', `/api/v1/entities/${encodeURIComponent(ref)}`).catch((err) => {
      throw err instanceof NotFoundError ? new NotFoundError(`no entity ${ref} in the catalog`) : err;
    });
    throw new NotFoundError(`${ref} is in the catalog but no scorecard grades it${o.scorecard ? ` (scorecard ${o.scorecard})` : ''}`);
  }
  return out;
}

const NOT_PASSING = new Set(['fail', 'error', 'stale', 'warn']);

function table(results: OfflineResult[]): string {
  if (results.length === 0) return 'no results';
  const rows = results.map((r) => [r.scorecard, shortRef(r.entity), r.grade ?? '-', r.score === null ? '-' : r.score.toFixed(2), r.requirements.filter((q) => NOT_PASSING.has(q.status)).map((q) => `${q.id} (${q.status})`).join(', ')]);
  const head = ['SCORECARD', 'ENTITY', 'GRADE', 'SCORE', 'NOT PASSING'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

interface GradeMove {
  scorecard: string;
  entity: string;
  before: string | null;
  after: string | null;
  scoreBefore: number | null;
  scoreAfter: number | null;
}

function gradeChanges(base: OfflineResult[], head: OfflineResult[]): GradeMove[] {
  const key = (r: OfflineResult) => `${r.scorecard}|${r.entity}`;
  const before = new Map(base.map((r) => [key(r), r]));
  const moves: GradeMove[] = [];
  for (const r of head) {
    const b = before.get(key(r));
    before.delete(key(r));
    if (b?.grade !== r.grade || b?.score !== r.score) moves.push({ scorecard: r.scorecard, entity: r.entity, before: b?.grade ?? null, after: r.grade, scoreBefore: b?.score ?? null, scoreAfter: r.score });
  }
  for (const b of before.values()) moves.push({ scorecard: b.scorecard, entity: b.entity, before: b.grade, after: null, scoreBefore: b.score, scoreAfter: null });
  return moves;
}

function changesTable(moves: GradeMove[]): string {
  if (moves.length === 0) return 'no grade changes';
  return moves.map((m) => `${shortRef(m.entity)} (${m.scorecard}): ${m.before ?? 'none'} → ${m.after ?? 'none'} (${m.scoreBefore?.toFixed(2) ?? '-'} → ${m.scoreAfter?.toFixed(2) ?? '-'})`).join('\n');
}
