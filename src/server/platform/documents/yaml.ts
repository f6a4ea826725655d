// Multi-document YAML text → plain values, with limits that hold for every reader (the server's
// refresh, `tally catalog validate`, `tally score --offline`): a document count per file, and
// an alias budget against "billion laughs" bombs. Problems are values; nothing here throws.
import jsYaml from 'js-yaml';
import { LineCounter, parseAllDocuments, type YAMLError } from 'yaml';
import { problem, type Problem } from '../problems.ts';

export interface YamlLimits {
  /** Documents one file may hold; past it the file is refused whole. */
  maxDocuments: number;
  /** Aliases (`*name`) one document may resolve; past it the document is refused. */
  maxAliases: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxDocuments: 10_000, maxAliases: 100 };

export interface RawDocument {
  file: string;
  /** 0-based index of the document in its file. */
  doc: number;
  value: unknown;
}

// An alias is `*name` after a space, a line start or a flow indicator.
const ALIAS = /(^|[\s[{,:-])\*[^\s,\]}]/m;
const DOC_MARKER = /^---/gm;

/**
 * Parses every document of `text`. Syntax errors name their line and column; a document with a
 * syntax error is skipped and the others still load. Empty documents are dropped.
 */
export function parseYaml(text: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): { documents: RawDocument[]; problems: Problem[] } {
  const markers = text.match(DOC_MARKER)?.length ?? 0;
  if (markers + 1 > limits.maxDocuments) {
    return { documents: [], problems: [problem(`holds ${markers + 1} documents, over the limit of ${limits.maxDocuments}; not read`, { file, line: 1, column: 1 })] };
  }
  // Fast path: js-yaml parses valid files about ten times faster than `yaml` (BENCHMARKS.md),
  // but it has no alias budget, so text with aliases always takes the careful path.
  if (!ALIAS.test(text)) {
    let fast: unknown[] | undefined;
    try {
      fast = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
    } catch {
      fast = undefined; // re-parsed below, which locates every error per document
    }
    if (fast) return { documents: present(fast.map((value, doc) => ({ file, doc, value }))), problems: [] };
  }
  return parseCarefully(text, file, limits);
}

const present = (docs: RawDocument[]) => docs.filter((d) => d.value !== null && d.value !== undefined);

function parseCarefully(text: string, file: string, limits: YamlLimits): { documents: RawDocument[]; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  const documents: RawDocument[] = [];
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((d, doc) => {
    const at = { file, doc };
    for (const w of d.warnings) problems.push(yamlProblem(w, lineCounter, at, 'warning'));
    if (d.errors.length > 0) {
      for (const e of d.errors) problems.push(yamlProblem(e, lineCounter, at, 'error'));
      return;
    }
    try {
      documents.push({ file, doc, value: d.toJS({ maxAliasCount: limits.maxAliases }) });
    } catch (err) {
      const start = d.contents?.range?.[0] ?? 0;
      const { line, col } = lineCounter.linePos(start);
      problems.push(problem(`YAML could not be read: ${(err as Error).message}`, { ...at, line, column: col }));
    }
  });
  return { documents: present(documents), problems };
}

function yamlProblem(e: YAMLError, lines: LineCounter, at: { file: string; doc: number }, severity: Problem['severity']): Problem {
  const { line, col } = lines.linePos(e.pos[0]);
  const message = e.message.split('\n')[0];
  return problem(`YAML ${severity === 'error' ? 'syntax error' : 'warning'}: ${message}`, { ...at, line, column: col }, severity);
}
