// `tally catalog validate PATH…`: loads and checks catalog files without a server or database.
import { errorsOnly, formatProblem, type Problem } from '../platform/problems.ts';
import { loadCatalogFiles, type LoadOptions } from './load.ts';
import { unresolvedRefs } from './relations.ts';

export interface ValidateReport {
  /** One `FILE:DOC_INDEX: FIELD: message` line per problem; warnings read `FIELD: warning: message`. */
  lines: string[];
  /** 1 when any error was found; warnings alone (e.g. unresolved references) give 0. */
  exitCode: 0 | 1;
  /** e.g. `3 files, 12 entities, 2 other documents: 0 errors, 1 warning`. */
  summary: string;
}

export async function validateCatalogPaths(paths: readonly string[], opts: LoadOptions = {}): Promise<ValidateReport> {
  if (paths.length === 0) {
    return { lines: ['give at least one file, folder or glob to validate'], exitCode: 1, summary: 'nothing validated' };
  }
  const loaded = await loadCatalogFiles(paths, opts);
  const problems = sortByPlace([...loaded.problems, ...unresolvedRefs(loaded.entities)], loaded.files);
  const errors = errorsOnly(problems).length;
  const warnings = problems.length - errors;
  const summary =
    `${plural(loaded.files.length, 'file')}, ${plural(loaded.entities.length, 'entity', 'entities')}, ` +
    `${plural(loaded.documents.length, 'other document')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return { lines: problems.map(formatProblem), exitCode: errors > 0 ? 1 : 0, summary };
}

/** Groups problems by file (in load order) and document; the order within a document is kept. */
function sortByPlace(problems: Problem[], files: readonly string[]): Problem[] {
  const order = new Map(files.map((f, i) => [f, i]));
  const rank = (p: Problem) => (p.file === undefined ? -1 : order.get(p.file) ?? files.length);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || (a.p.doc ?? -1) - (b.p.doc ?? -1) || a.i - b.i)
    .map(({ p }) => p);
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
