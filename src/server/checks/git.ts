// Check type `git`: facts from a local clone named by the entity's `tally.dev/repo-path`
// annotation (relative to the folder of the entity's file, else config.baseDir). One
// variant per check: a file exists / contains text / matches a regex; a CODEOWNERS file
// exists; the bus factor over the last N months. Local I/O only, so it runs offline too.
import path from 'node:path';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ANNOTATIONS } from '../../common/catalog.ts';
import { problem, type Problem } from '../platform/problems.ts';
import type { CheckContext, CheckType, CollectDeps, CollectItem, Outcome } from './types.ts';
import { mapLimit } from '../platform/outbound/fetch.ts';
import { busFactor, countAuthors, findInText, findRepo, readRepoFile, type AuthorCount, type FileFacts } from './git-repo.ts';

const CONCURRENCY = 8;
export const CODEOWNERS_PLACES = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS'];

export const gitConfigSchema = z
  .object({
    type: z.literal('git'),
    file: z.string().min(1).max(1024).optional(),
    contains: z.string().min(1).max(4096).optional(),
    matches: z.string().min(1).max(1024).optional(),
    codeowners: z.literal(true).optional(),
    busFactor: z.object({ min: z.number().int().min(1).default(2), months: z.number().int().min(1).max(120).default(12) }).strict().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const variants = [c.file !== undefined, c.codeowners === true, c.busFactor !== undefined].filter(Boolean).length;
    if (variants !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of file, codeowners, busFactor' });
    if ((c.contains !== undefined || c.matches !== undefined) && c.file === undefined) ctx.addIssue({ code: 'custom', message: 'contains and matches need file', path: ['file'] });
    if (c.contains !== undefined && c.matches !== undefined) ctx.addIssue({ code: 'custom', message: 'give contains or matches, not both', path: ['matches'] });
    if (c.file !== undefined && (path.isAbsolute(c.file) || c.file.split(/[\\/]/).includes('..'))) ctx.addIssue({ code: 'custom', message: 'file must be a path inside the repository (relative, no "..")', path: ['file'] });
  });
export type GitCheckConfig = z.infer<typeof gitConfigSchema>;

export type GitObservation =
  | { ok: false; message: string; observedAt: string }
  | {
      ok: true;
      repo: string;
      observedAt: string;
      file?: FileFacts & { path: string };
      codeowners?: { path?: string; rules: number };
      authors?: { since: string; commits: number; authors: AuthorCount[] };
    };

function compileGit(config: GitCheckConfig): Problem[] {
  if (config.matches === undefined) return [];
  try {
    new RegExp(config.matches, 'm');
    return [];
  } catch (err) {
    return [problem(`not a valid regular expression: ${(err as Error).message}`, { field: 'matches' })];
  }
}

/**
 * The folder the annotation names, inside the folder of the entity's catalog file; undefined
 * when the entity has no annotation. An entity written through the API has no file: its
 * annotation is refused, so a path from API input never reaches the filesystem.
 */
export function repoDirFor(item: { ctx: CheckContext; entityFile?: string }, baseDir: string): string | undefined | { refused: string } {
  const rel = item.ctx.entity.metadata.annotations?.[ANNOTATIONS.repoPath];
  if (!rel) return undefined;
  if (!item.entityFile) return { refused: `${ANNOTATIONS.repoPath} is read only for entities from catalog files; this entity came from the API` };
  const root = path.dirname(path.resolve(baseDir, item.entityFile));
  const dir = path.resolve(root, rel);
  const inside = path.relative(root, dir);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return { refused: `${ANNOTATIONS.repoPath} "${rel}" leaves the folder of its catalog file` };
  return dir;
}

async function collectGit(items: CollectItem<GitCheckConfig>[], deps: CollectDeps): Promise<Map<string, unknown>> {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(id: string, f: () => Promise<T>): Promise<T> => {
    if (!memo.has(id)) memo.set(id, f());
    return memo.get(id) as Promise<T>;
  };
  const observedAt = deps.now().toISOString();
  const out = new Map<string, unknown>();
  await mapLimit(items, CONCURRENCY, async (item) => {
    const dir = repoDirFor(item, deps.config.baseDir);
    if (dir === undefined) return;
    if (typeof dir !== 'string') return void out.set(item.key, { ok: false, message: dir.refused, observedAt });
    const repo = await once(`repo\n${dir}`, () => findRepo(dir, deps.timeoutMs));
    if (!repo.ok) return void out.set(item.key, { ok: false, message: repo.message, observedAt });
    out.set(item.key, await observeVariant(item.config, repo, deps, once, observedAt));
  });
  return out;
}

type Once = <T>(id: string, f: () => Promise<T>) => Promise<T>;

async function observeVariant(config: GitCheckConfig, repo: { top: string; dir: string }, deps: CollectDeps, once: Once, observedAt: string): Promise<GitObservation> {
  const base = { ok: true as const, repo: repo.dir, observedAt };
  if (config.file !== undefined) {
    const f = await readRepoFile(repo.dir, config.file);
    if (!f) return { ...base, file: { path: config.file, exists: false } };
    const wanted = config.contains !== undefined || config.matches !== undefined;
    return { ...base, file: { path: config.file, exists: true, truncated: f.truncated, ...(wanted ? findInText(f.text, config) : {}) } };
  }
  if (config.codeowners) return { ...base, codeowners: await findCodeowners(repo.top) };
  const months = config.busFactor!.months;
  const now = DateTime.fromJSDate(deps.now(), { zone: 'utc' });
  const since = now.minus({ months }).toISO()!;
  const counted = await once(`log\n${repo.dir}\n${months}`, () => countAuthors(repo.dir, since, now.toISO()!, deps.timeoutMs));
  if (!counted.ok) return { ok: false, message: counted.message, observedAt };
  const commits = counted.authors.reduce((s, a) => s + a.commits, 0);
  return { ...base, authors: { since, commits, authors: counted.authors } };
}

async function findCodeowners(top: string): Promise<{ path?: string; rules: number }> {
  for (const place of CODEOWNERS_PLACES) {
    const f = await readRepoFile(top, place);
    if (!f) continue;
    const rules = f.text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
    return { path: place, rules };
  }
  return { rules: 0 };
}

function evaluateGit(config: GitCheckConfig, ctx: CheckContext, observation: unknown): Outcome {
  if (!ctx.entity.metadata.annotations?.[ANNOTATIONS.repoPath]) return { state: 'n/a', message: `no ${ANNOTATIONS.repoPath} annotation` };
  const o = observation as GitObservation | undefined;
  if (!o || typeof o !== 'object' || typeof o.ok !== 'boolean') return { state: 'n/a', message: 'repository not inspected' };
  if (!o.ok) return { state: 'error', message: o.message, observedAt: o.observedAt };
  const verdict = o.file ? judgeFile(config, o.file) : o.codeowners ? judgeCodeowners(o.codeowners) : o.authors ? judgeBusFactor(config, o.authors) : undefined;
  if (!verdict) return { state: 'error', message: 'observation does not match the check', observedAt: o.observedAt };
  return { ...verdict, evidence: { repo: o.repo, ...(verdict.evidence as object) }, observedAt: o.observedAt };
}

function judgeFile(config: GitCheckConfig, f: NonNullable<Extract<GitObservation, { ok: true }>['file']>): Outcome {
  const evidence = { file: f.path, exists: f.exists, line: f.line };
  if (!f.exists) return { state: 'fail', message: `${f.path} not found`, evidence };
  if (f.found === undefined) return { state: 'pass', message: `${f.path} exists`, evidence };
  const what = config.contains !== undefined ? `contains "${config.contains}"` : `matches /${config.matches}/`;
  if (!f.found) return { state: 'fail', message: `${f.path} does not ${what.replace(/^contains/, 'contain').replace(/^matches/, 'match')}${f.truncated ? ' (first 1 MiB read)' : ''}`, evidence };
  return { state: 'pass', message: `${f.path} ${what}${f.line ? `: ${f.line}` : ''}`, evidence };
}

function judgeCodeowners(c: { path?: string; rules: number }): Outcome {
  const evidence = { codeowners: c.path ?? null, rules: c.rules };
  if (!c.path) return { state: 'fail', message: `no CODEOWNERS file (looked in ${CODEOWNERS_PLACES.join(', ')})`, evidence };
  if (c.rules === 0) return { state: 'fail', message: `${c.path} has no rules`, evidence };
  return { state: 'pass', message: `${c.path} has ${c.rules} rule${c.rules === 1 ? '' : 's'}`, evidence };
}

function judgeBusFactor(config: GitCheckConfig, a: { since: string; commits: number; authors: AuthorCount[] }): Outcome {
  const { min, months } = config.busFactor!;
  const factor = busFactor(a.authors);
  const evidence = { since: a.since, commits: a.commits, busFactor: factor, authors: a.authors.slice(0, 20) };
  if (a.commits === 0) return { state: 'fail', message: `no commits in the last ${months} months`, evidence };
  const top = a.authors.slice(0, factor).map((x) => `${x.email} (${x.commits})`).join(', ');
  const message = `bus factor ${factor} (minimum ${min}): ${top} made at least half of ${a.commits} commits in ${months} months`;
  return { state: factor >= min ? 'pass' : 'fail', message, evidence };
}

export const gitCheck: CheckType<GitCheckConfig> = {
  type: 'git',
  schema: gitConfigSchema,
  allowedFromApi: true,
  compile: compileGit,
  collect: collectGit,
  evaluate: evaluateGit,
};
