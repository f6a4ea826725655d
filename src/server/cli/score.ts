// `tally score`: grades from the server, or from local files with --offline (no server, no
// database: the pull-request check). --min-grade makes it a gate; --compare-to shows how a
// change would move the grades.
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { compareGrades, isGrade, type Grade } from '../../common/grades.ts';
import { normalizeRef, shortRef } from '../../common/refs.ts';
import { buildConfig, loadConfig, type Config } from '../platform/config.ts';
import { InputError } from '../platform/problems.ts';
import { evaluateFiles, type OfflineResult } from '../scorecards/offline.ts';
import { formatOption } from './options.ts';
import { callServer, type RemoteOptions } from './remote.ts';

interface ScoreOptions extends RemoteOptions {
  scorecard?: string;
  format: string;
  minGrade?: string;
  offline?: boolean;
  probe?: boolean;
  config?: string;
  compareTo?: string[];
}

export function scoreCommands(program: Command): void {
  program
    .command('score')
    .description('grades of entities: from the server, or evaluated from local files with --offline')
    .argument('[refs-or-paths...]', 'entity refs (server), or catalog/scorecard/facts files, folders, globs (--offline)')
    .option('--scorecard <name>', 'only this scorecard')
    .option('--server <url>', 'Tally server (default: $TALLY_SERVER or http://127.0.0.1:7070)')
    .option('--format <format>', 'table or json', formatOption(['table', 'json']), 'table')
    .option('--min-grade <grade>', 'exit 1 when any entity is below this grade (A+, A, B, C, D, F)')
    .option('--offline', 'evaluate the files given, with no server and no database')
    .option('--probe', 'offline: also run network checks (http, prometheus); they are n/a otherwise')
    .option('-c, --config <file>', 'offline: tally.yaml for graph rules, outbound allowlist and Prometheus servers')
    .option('--compare-to <paths...>', 'offline: also evaluate these files (e.g. the base branch) and print the grade changes')
    .action(async (args: string[], o: ScoreOptions) => {
      if (o.minGrade !== undefined && !isGrade(o.minGrade)) throw new InputError(`--min-grade must be one of A+, A, B, C, D, F, not "${o.minGrade}"`);
      const results = o.offline ? await offlineResults(args, o) : await serverResults(args, o);
      if (o.compareTo) {
        if (!o.offline) throw new InputError('--compare-to works with --offline');
        const base = await offlineResults(o.compareTo, o);
        process.stdout.write(o.format === 'json' ? `${JSON.stringify({ results, changes: gradeChanges(base, results) }, null, 2)}\n` : `${changesTable(gradeChanges(base, results))}\n`);
      } else process.stdout.write(o.format === 'json' ? `${JSON.stringify({ results }, null, 2)}\n` : `${table(results)}\n`);
      const below = o.minGrade ? results.filter((r) => r.grade !== null && compareGrades(r.grade, o.minGrade as Grade) > 0) : [];
      if (below.length) process.stderr.write(`${below.length} result(s) below ${o.minGrade}: ${below.map((r) => `${shortRef(r.entity)} ${r.grade}`).join(', ')}\n`);
      process.exitCode = below.length ? 1 : 0;
    });
}

async function offlineResults(paths: string[], o: ScoreOptions): Promise<OfflineResult[]> {
  if (paths.length === 0) throw new InputError('--offline needs files, folders or globs to evaluate');
  const config: Config = o.config ? loadConfig(o.config) : buildConfig({}, { file: null, baseDir: process.cwd(), env: {} });
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'scoring {bar} {value}/{total} scorecards', stream: process.stderr, clearOnComplete: true }) : undefined;
  try {
    const { results } = await evaluateFiles(paths, {
      config,
      probe: !!o.probe,
      now: new Date(),
      scorecard: o.scorecard,
      onProgress: (done, total) => (done === 1 && bar?.start(total, 0), bar?.update(done)),
    });
    return results;
  } finally {
    bar?.stop();
  }
}

async function serverResults(refs: string[], o: ScoreOptions): Promise<OfflineResult[]> {
  const names = o.scorecard ? [o.scorecard] : (await callServer<{ items: { name: string }[] }>(o, 'GET', '/api/v1/scorecards')).items.map((i) => i.name);
  const out: OfflineResult[] = [];
  for (const name of names) {
    const path = `/api/v1/scorecards/${encodeURIComponent(name)}/results`;
    if (refs.length === 0) out.push(...(await callServer<{ results: OfflineResult[] }>(o, 'GET', path)).results);
    for (const ref of refs) {
      const full = normalizeRef(ref, { defaultKind: 'component' });
      if (!full) throw new InputError(`"${ref}" is not an entity reference`);
      out.push(...(await callServer<{ results: OfflineResult[] }>(o, 'GET', `${path}?entity=${encodeURIComponent(full)}`)).results);
    }
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
