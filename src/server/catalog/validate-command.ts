// `tally catalog validate PATH…`: checks every document Tally reads — catalog entities and every
// module's kinds (Scorecard, Policy, Facts, HackDay, …) — with no server or database, under the
// same limits and rules as the server's refresh. Each problem once, with file:line:column.
import type { DocumentKind } from '../platform/documents/kinds.ts';
import { parseDocuments } from '../platform/documents/kinds.ts';
import { readDocuments, type ReadLimits } from '../platform/documents/files.ts';
import { locateProblems } from '../platform/documents/locate.ts';
import { includesOf } from '../platform/documents/refresh.ts';
import { errorsOnly, formatProblem, type Problem } from '../platform/problems.ts';
import { entityKind } from './kind.ts';
import { unresolvedRefs } from './relations.ts';
import type { LoadedEntity } from './types.ts';

export interface ValidateReport {
  /** One `FILE:LINE:COLUMN: FIELD: message` line per problem; warnings read `FIELD: warning: message`. */
  lines: string[];
  /** 1 when any error was found; warnings alone (e.g. unresolved references) give 0. */
  exitCode: 0 | 1;
  /** e.g. `3 files, 12 entities, 2 other documents: 0 errors, 1 warning`. */
  summary: string;
}

export async function validatePaths<Env>(paths: readonly string[], kinds: readonly DocumentKind<Env>[], env: Env, limits: Partial<ReadLimits> = {}): Promise<ValidateReport> {
  if (paths.length === 0) return { lines: ['give at least one file, folder or glob to validate'], exitCode: 1, summary: 'nothing validated' };
  const read = await readDocuments(paths, { limits, includes: includesOf(kinds) });
  const parsed = parseDocuments(read.documents, kinds, env);
  const entities = (parsed.results.find((r) => r.kind.name === entityKind.name)?.items ?? []).map((i) => i.value as LoadedEntity);
  const found = [...read.problems, ...parsed.problems, ...parsed.results.flatMap((r) => r.problems), ...unresolvedRefs(entities)];
  const problems = sortByPlace(dedupe(locateProblems(found, (f) => read.texts.get(f))), read.files);
  const errors = errorsOnly(problems).length;
  const others = read.documents.length - parsed.results.filter((r) => r.kind.name === entityKind.name).reduce((n, r) => n + r.items.length + r.invalid.length, 0);
  const summary =
    `${plural(read.files.length, 'file')}, ${plural(entities.length, 'entity', 'entities')}, ` +
    `${plural(others, 'other document')}: ${plural(errors, 'error')}, ${plural(problems.length - errors, 'warning')}`;
  return { lines: problems.map(formatProblem), exitCode: errors > 0 ? 1 : 0, summary };
}

const dedupe = (problems: Problem[]): Problem[] => {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    return seen.has(key) ? false : (seen.add(key), true);
  });
};

/** Groups problems by file (in read order), then by line; problems without a file come first. */
function sortByPlace(problems: Problem[], files: readonly string[]): Problem[] {
  const order = new Map(files.map((f, i) => [f, i]));
  const rank = (p: Problem) => (p.file === undefined ? -1 : (order.get(p.file) ?? files.length));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
