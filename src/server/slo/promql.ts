// PromQL is judged by Prometheus's own parser, never by a home-made one: the expressions are
// written as recording rules into a temporary file and `promtool check rules` reads it. Its
// answer names the group and rule of each expression it rejects, which maps back to the field.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { problem, type Problem } from '../platform/problems.ts';

export interface Expression {
  expr: string;
  /** Where it came from, for the problem. */
  file?: string;
  doc?: number;
  field: string;
}

export interface PromtoolRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runPromtool(args: string[], opts: { cwd?: string; bin?: string; timeoutMs?: number } = {}): Promise<PromtoolRun> {
  return new Promise((resolve, reject) => {
    execFile(opts.bin ?? 'promtool', args, { cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : undefined) : 0;
      if (code === undefined) return reject(new Error(`promtool could not run: ${(err as Error).message} (install Debian's prometheus package, or put promtool on PATH)`));
      resolve({ code, stdout, stderr });
    });
  });
}

/** Problems for every expression Prometheus's parser rejects (empty when all parse). */
export async function checkPromql(exprs: readonly Expression[], opts: { bin?: string } = {}): Promise<Problem[]> {
  if (exprs.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'tally-promql-'));
  try {
    const groups = [{ name: 'tally-check', rules: exprs.map((e, i) => ({ record: `tally_check_${i}`, expr: e.expr })) }];
    await writeFile(join(dir, 'check.yaml'), stringify({ groups }, { lineWidth: 0 }));
    const r = await runPromtool(['check', 'rules', 'check.yaml'], { cwd: dir, bin: opts.bin });
    if (r.code === 0) return [];
    const problems: Problem[] = [];
    for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
      const m = /rule (\d+), "tally_check_\d+": (.*)$/.exec(line);
      if (!m) continue;
      const e = exprs[Number(m[1]) - 1];
      if (e) problems.push(problem(`Prometheus rejects this PromQL: ${m[2].replace(/^could not parse expression: /, '')}`, { file: e.file, doc: e.doc, field: e.field }));
    }
    if (problems.length === 0) problems.push(problem(`promtool check rules failed: ${(r.stderr || r.stdout).trim().slice(0, 500)}`));
    return problems;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
