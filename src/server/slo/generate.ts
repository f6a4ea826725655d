// OpenSLO files → Prometheus rules (and their promtool unit tests), with no database: what
// `tally slo rules` prints. Every problem names the file, document and field; nothing is written
// while any error stands.
import { readDocuments } from '../platform/documents/files.ts';
import { parseKind } from '../platform/documents/kinds.ts';
import { locateProblems } from '../platform/documents/locate.ts';
import { errorsOnly, problem, type Problem } from '../platform/problems.ts';
import { openSloKind, promqlProblems, sliExpressions } from './kind.ts';
import type { OpenSloDoc } from './openslo.ts';
import { ruleTestsYamlChunks } from './rule-tests.ts';
import { runbookFor, rulesYamlChunks } from './rules.ts';
import { resolveSlos, type DefaultWindow, type ResolvedSlo } from './slo-set.ts';

export interface GenerateOptions {
  windows?: readonly DefaultWindow[];
  runbookBase?: string;
  /** The rule file's name as the unit tests refer to it. */
  ruleFile?: string;
  /** Check the SLI queries with promtool (default true). */
  checkPromql?: boolean;
}

export interface Generated {
  slos: ResolvedSlo[];
  /** The rule file, as chunks made as they are read (once): write each out, never hold the whole file. */
  rules?: Iterable<string>;
  /** The promtool unit tests, the same way. */
  tests?: Iterable<string>;
  problems: Problem[];
}

/** Reads and resolves the SLOs of the files (every openslo/v1 document in them). */
export async function readSlos(paths: readonly string[], opts: GenerateOptions = {}): Promise<{ slos: ResolvedSlo[]; problems: Problem[] }> {
  const read = await readDocuments(paths);
  const docs = read.documents.filter((d) => openSloKind.matches(d));
  const problems: Problem[] = [...read.problems];
  for (const d of read.documents) if (!openSloKind.matches(d)) problems.push(problem(`not an OpenSLO document (apiVersion ${d.apiVersion} kind ${d.kind}); ignored`, { file: d.file, doc: d.doc, field: 'kind' }, 'warning'));
  const result = parseKind(openSloKind, docs, undefined);
  problems.push(...result.problems);
  const items = result.items.map((i) => ({ value: i.value as OpenSloDoc, at: { file: i.doc.file, doc: i.doc.doc } }));
  if (errorsOnly(problems).length === 0 && opts.checkPromql !== false) problems.push(...(await promqlProblems(sliExpressions(items))));
  const resolved = resolveSlos(items, { windows: opts.windows });
  if (result.blocked || errorsOnly(problems).length > 0) return { slos: [], problems: locateProblems(problems, (f) => read.texts.get(f)) };
  if (docs.length === 0) problems.push(problem('no OpenSLO documents (apiVersion openslo/v1) in the files given'));
  return { slos: resolved.slos, problems: locateProblems(problems, (f) => read.texts.get(f)) };
}

export async function generateRules(paths: readonly string[], opts: GenerateOptions = {}): Promise<Generated> {
  const { slos, problems } = await readSlos(paths, opts);
  const missing = slos.filter((s) => !runbookFor(s, opts.runbookBase));
  for (const s of missing) problems.push(problem(`SLO ${s.name} has no runbook: add metadata.annotations["tally.dev/runbook"], or pass --runbook-base (slo.runbookBase in tally.yaml)`, { file: s.file, doc: s.doc, field: 'metadata.annotations' }));
  if (errorsOnly(problems).length > 0 || slos.length === 0) return { slos, problems };
  const runbook = (s: ResolvedSlo) => runbookFor(s, opts.runbookBase)!;
  const header = `Prometheus rules for ${slos.length} SLO${slos.length === 1 ? '' : 's'}, written by \`tally slo rules\` from OpenSLO documents.\nDo not edit: change the SLO documents and generate again.`;
  return { slos, problems, rules: rulesYamlChunks(slos, runbook, header), tests: ruleTestsYamlChunks(opts.ruleFile ?? 'rules.yaml', slos, runbook) };
}
